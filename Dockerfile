# The argmap app server: gunicorn serving argmap.wsgi, static files by whitenoise.
# Built by compose.yaml; docs/deploy.md explains every step.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Hashed, compressed static files are built into the image; collectstatic needs a key to load
# the settings but writes nothing secret.
RUN ARGMAP_SECRET_KEY=collectstatic-only ARGMAP_STATIC_MANIFEST=True \
    python manage.py collectstatic --no-input \
    && useradd --system --home /app --shell /usr/sbin/nologin argmap \
    && chown -R argmap /app/staticfiles

USER argmap
EXPOSE 8000
# The app answers /healthz by address over plain HTTP (argmap/lib/middleware.py).
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
CMD ["gunicorn", "argmap.wsgi", "--config", "deploy/gunicorn.conf.py"]
