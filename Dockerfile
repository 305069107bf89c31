# One image for web, workers and beat. GPU workers run it with the NVIDIA runtime; the CPU
# build of torch in requirements.txt is swapped for a CUDA build with TORCH_INDEX_URL.
FROM python:3.11-slim
ARG TORCH_INDEX_URL=""
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=false VAR_DIR=/app/var
RUN apt-get update && apt-get install -y --no-install-recommends libgl1 libglib2.0-0 g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN if [ -n "$TORCH_INDEX_URL" ]; then pip install --no-cache-dir --index-url "$TORCH_INDEX_URL" torch==2.13.0; fi \
    && pip install --no-cache-dir -r requirements.txt
COPY . .
RUN SECRET_KEY=build-only-collectstatic-key-not-used-at-runtime-0123456789abcdef \
    python manage.py collectstatic --noinput
RUN useradd --create-home studio && mkdir -p /app/var && chown -R studio /app/var
USER studio
# The CPU attention kernel (animation/kernels), compiled into the studio user's cache; a CPU worker on a
# different processor rebuilds it on first use with the same compiler.
RUN python -m animation.kernels
EXPOSE 8000
CMD ["gunicorn", "influencer_platform.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
