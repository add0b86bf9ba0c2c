"""Generated coded quotes with a learnable signal, for the suggestion and throughput tests.

Each sub-theme has its own words (English and Chinese); every quote mixes two of them with
filler shared by all, so a text classifier can learn the codes and a majority guess cannot.
"""

from __future__ import annotations

import random

GAP = "Technological-mental health gap"
BENEFIT = "Practice and application reform brought by LLMs"
PREREQ = "Prerequisites for integrating LLMs in mental health"
HEADER = ["expert", "profession", "theme", "subtheme", "text"]

SIGNAL: dict[tuple[str, str], tuple[list[str], list[str]]] = {
    (GAP, "Misleading information"): (
        ["invents doses", "wrong answers", "hallucination", "made-up references", "confident errors"],
        ["编造剂量", "错误答案", "幻觉", "虚假文献"]),
    (GAP, "User risk"): (
        ["suicidal patients", "crisis at night", "lonely users", "dependence on the chatbot", "self-harm"],
        ["自杀风险", "夜间危机", "过度依赖", "自伤"]),
    (BENEFIT, "Improvement in work efficiency and quality"): (
        ["shift notes", "saves time", "discharge summaries", "paperwork faster", "workload relief"],
        ["节省时间", "病历书写", "出院小结", "工作量减轻"]),
    (PREREQ, "Training and competence"): (
        ["training courses", "digital literacy", "workshops for clinicians", "learn prompting", "competence"],
        ["培训课程", "数字素养", "继续教育", "能力提升"]),
}
FILLER_EN = ["I think", "in our hospital", "to be honest", "the model", "we noticed", "sometimes", "colleagues say",
             "in practice", "last year", "on the ward"]
FILLER_ZH = ["我觉得", "在我们医院", "说实话", "这个模型", "我们发现", "有时候", "同事们说", "在临床上"]
PROFESSIONS = ["psychiatrist", "mental health nurse", "researcher in medical AI"]


def generated_rows(n: int, seed: int = 7) -> list[list[str]]:
    """`n` coded segments (expert, profession, theme, subtheme, text); about a third Chinese."""
    rng = random.Random(seed)
    codes = list(SIGNAL)
    weights = [4, 3, 2, 1]  # unequal, so the majority baseline is not trivial
    rows = []
    for i in range(n):
        theme, sub = rng.choices(codes, weights)[0]
        en, zh = SIGNAL[(theme, sub)]
        if rng.random() < 0.33:
            text = f"{rng.choice(FILLER_ZH)}，{rng.choice(zh)}，{rng.choice(FILLER_ZH)}，{rng.choice(zh)}。"
        else:
            text = f"{rng.choice(FILLER_EN)}, {rng.choice(en)}; {rng.choice(FILLER_EN)} {rng.choice(en)} (#{i})."
        expert = f"G{i % 30:02d}"
        rows.append([expert, PROFESSIONS[i % 30 % 3], theme, sub, text])
    return rows


def generated_texts(n: int, seed: int = 11) -> list[str]:
    """Quote texts for throughput measurements: mixed languages, some personal data."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        en, zh = rng.choice(list(SIGNAL.values()))
        extra = rng.choice(["", " Call 13812345678.", f" Email p{i}@x.org.", " 王医生说的。", " Dr. Wang agreed."])
        out.append(f"{rng.choice(FILLER_EN)}, {rng.choice(en)} and {rng.choice(zh)} in 2024 at 50 mg.{extra}")
    return out
