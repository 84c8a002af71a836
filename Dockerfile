# Production image: the Django app, served by gunicorn; the same image runs the Celery worker and beat.
# Front-end files come from the npm registry at build time and are served by the app (no CDN).
FROM node:20-slim AS assets
WORKDIR /assets
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DEBUG=false \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    JIEBA_CACHE_DIR=/app/var/cache \
    PYTHONPATH=/app

WORKDIR /app
COPY pyproject.toml README.md ./
RUN pip install .
COPY . .
COPY --from=assets /assets/node_modules/echarts/dist/echarts.min.js static/vendor/echarts/echarts.min.js
# collectstatic needs a key but no database.
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /app app && mkdir -p /app/var/media /app/var/cache && chown -R app /app/var
USER app
EXPOSE 8000
CMD ["gunicorn", "jining.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
