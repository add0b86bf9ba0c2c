FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md requirements.lock ./
COPY scripts/install.sh scripts/install.sh
COPY graph graph
COPY api api
COPY loaders loaders
COPY examples examples
# The locked set, hashes checked: the image runs what CI tested.
RUN bash scripts/install.sh /opt/venv && useradd --create-home themegraph
ENV PATH=/opt/venv/bin:$PATH
USER themegraph
WORKDIR /home/themegraph
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=5s CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health')"
CMD ["themegraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
