"""Quote language from character classes."""

from __future__ import annotations

import pytest

from loaders.enrich.language import detect_language


@pytest.mark.parametrize(("text", "language"), [
    ("Patients who are lonely may start to depend on the chatbot.", "en"),
    ("它不懂精神科的细微差别。", "zh"),
    ("我们用ChatGPT写病历", "zh"),  # a product name does not make Chinese text mixed
    ("The patient said 我很害怕 yesterday at the clinic.", "mixed"),
    ("LLM 的幻觉问题 is serious, hallucination 很常见", "mixed"),
    ("联系[NAME]医生：[PHONE]，邮箱 [EMAIL]", "zh"),  # placeholders are not English
    ("2024: 50, 0.5, 30%", None),
    ("", None),
])
def test_language(text: str, language: str | None) -> None:
    assert detect_language(text) == language
