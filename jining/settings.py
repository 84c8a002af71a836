"""Settings, read from the environment in this one module.

With no environment at all the project runs on an embedded SQLite file under
var/ and Celery runs tasks in-process; DATABASE_URL and REDIS_URL switch to
PostgreSQL and a real Redis broker (see README and docker-compose.yml).
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Production is the default: `make run` and `make test` set DEBUG=true for a developer's machine.
DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "生产环境（DEBUG=false）必须设置 SECRET_KEY 环境变量，系统拒绝以开发密钥启动。"
            " / SECRET_KEY must be set when DEBUG is false; refusing to start on a development key."
        )
    SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_htmx",
    "csp",
    "apps.tracking",
    "apps.gazette",
    "apps.intake",
    "apps.accounts",
    "apps.supervision",
    "apps.reports",
    "apps.press",
    "apps.search",
    "apps.notifications",
    "apps.audit",
    "axes",
    "apps.operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jining.middleware.RequestLimitsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "apps.supervision.middleware.FreshLightsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.audit.middleware.AuditMiddleware",
    "apps.accounts.middleware.SessionLimitsMiddleware",
    "apps.accounts.middleware.PasswordChangeRequiredMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "jining.urls"
WSGI_APPLICATION = "jining.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.tracking.plans.plans_context",
                "apps.supervision.context.supervision_context",
                "apps.notifications.context.notifications_context",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
DJANGO_TABLES2_TEMPLATE = "tables/table.html"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

# Celery: a real broker when REDIS_URL is set, otherwise eager in-process execution.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Every task is idempotent (each checks its run's state first), so a task whose worker dies is
# acknowledged only after it finished and goes back to the queue; the reaper below catches the rest.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# How long an unacknowledged task waits before the broker gives it to another worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
LEDGER_JOB_TIMEOUT_MINUTES = env.int("LEDGER_JOB_TIMEOUT_MINUTES", default=30)

# The supervision loop.
# LEDGER_NOW pins the moment (2024-06-14T18:00) for demos of a past year's plan; unset in
# production. The older date-only LEDGER_TODAY (2024-06-14, pinned at noon) is still read.
LEDGER_NOW = env("LEDGER_NOW", default="") or None
LEDGER_TODAY = env("LEDGER_TODAY", default="") or None
# The light rule's thresholds (apps/supervision/lights.py documents the rule).
LIGHT_RULE = {
    "yellow_lag": env.int("LIGHT_YELLOW_LAG", default=10),
    "red_lag": env.int("LIGHT_RED_LAG", default=25),
    "yellow_missed": env.int("LIGHT_YELLOW_MISSED", default=1),
    "red_missed": env.int("LIGHT_RED_MISSED", default=2),
}
# Reminders are always shown in the app; with EMAIL_URL set they are mailed too.
# Without EMAIL_URL no mail is sent (REMINDER_EMAIL below is false); the backend is then only a
# placeholder: the console in development, SMTP on localhost in production.
_email = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": {
            name: _email[key]
            for name, key in [
                ("host", "EMAIL_HOST"),
                ("port", "EMAIL_PORT"),
                ("username", "EMAIL_HOST_USER"),
                ("password", "EMAIL_HOST_PASSWORD"),
                ("use_tls", "EMAIL_USE_TLS"),
                ("use_ssl", "EMAIL_USE_SSL"),
            ]
            if _email.get(key)
        },
    }
}
REMINDER_EMAIL = bool(env("EMAIL_URL", default=""))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="督查室 <duchashi@localhost>")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
# Gazette and newspaper uploads (.txt/.docx/.pdf): a year's gazette PDF is a few MB.
LEDGER_UPLOAD_MAX_MB = env.int("LEDGER_UPLOAD_MAX_MB", default=20)
# No request body above this is read at all (413 before reading): the largest upload plus room.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_MB", default=LEDGER_UPLOAD_MAX_MB + 2) * 1024 * 1024

# Reports over this many items are generated by a Celery worker, with a progress bar.
REPORT_ASYNC_THRESHOLD = env.int("REPORT_ASYNC_THRESHOLD", default=200)

CELERY_BEAT_SCHEDULE = {
    # Uploads and reports stuck past LEDGER_JOB_TIMEOUT_MINUTES (a worker died) become failed.
    "reap-stuck-uploads": {"task": "intake.uploads_reap", "schedule": crontab(minute="*/5")},
    "reap-stuck-reports": {"task": "reports.reap_stuck", "schedule": crontab(minute="*/5")},
    # After the weekly deadline: the week's ledger and bulletin into the archive.
    "weekly-reports": {"task": "reports.weekly", "schedule": crontab(day_of_week="fri", hour=17, minute=15)},
    # Right after the weekly deadline: a missed report turns a light yellow or red at once.
    "refresh-lights-at-deadline": {
        "task": "supervision.refresh_lights",
        "schedule": crontab(day_of_week="fri", hour=17, minute=1),
    },
    # Just after midnight: snapshots of the periods that closed (week, ten-day, month).
    "period-snapshots": {"task": "supervision.take_snapshots", "schedule": crontab(hour=0, minute=10)},
    # Every night: lights follow the calendar even when nobody reports.
    "refresh-lights": {"task": "supervision.refresh_lights", "schedule": crontab(hour=1, minute=30)},
    # Just after the weekly deadline (Friday 17:00): remind the units that did not report.
    "weekly-reminders": {
        "task": "supervision.generate_reminders",
        "schedule": crontab(day_of_week="fri", hour=17, minute=5),
    },
    # Every morning; acts only on the weekly deadline's day (per the deadline rule): tells the
    # units what they still have to report, once per unit and week.
    "deadline-notices": {"task": "supervision.deadline_notices", "schedule": crontab(hour=8, minute=30)},
}

# Where jieba keeps its dictionary cache, so it is built once per machine, not per process.
# The parser is plain Python and reads it from the environment.
JIEBA_CACHE_DIR = env.path("JIEBA_CACHE_DIR", default=VAR_DIR / "cache")
os.environ.setdefault("JIEBA_CACHE_DIR", str(JIEBA_CACHE_DIR))

if not DEBUG:
    # Static files are served by the app itself (intranet, no CDN): WhiteNoise in production,
    # runserver's static handler in development.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    # Behind the TLS-terminating reverse proxy (it sets X-Forwarded-Proto): HTTPS only, with HSTS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the container health check speaks plain HTTP inside
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# A strict Content Security Policy: everything from this server, no inline script or style,
# no frames, no plugins (django-csp). Chart data travels in <script type="application/json">,
# which is data, not script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"jieba": {"level": "WARNING"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- backup ---
# `manage.py backup` writes one archive (database dump, media, manifest.json with checksums)
# into BACKUP_DIR; `backup --prune` deletes archives older than BACKUP_KEEP_DAYS but always
# keeps the newest. See README, 备份与恢复.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=30)
# --- end backup ---

# --- identity and audit (MLPS level 2) ---
# Lockout (django-axes), password rules, session limits and the audit log's retention.
# Every number can be changed from the environment; README "安全" lists them.
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out user name or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
# Failures count for this long after the last one, and a lockout lasts this long.
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
# Per user name and, separately, per address: guessing many names from one machine is caught too.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "apps.accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Unlocking is the security administrator's (accounts:lockouts), not the Django admin's.
AXES_ENABLE_ADMIN = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "apps.accounts.passwords.CharacterClassesValidator",
        "OPTIONS": {"min_classes": env.int("PASSWORD_MIN_CLASSES", default=3)},
    },
]
PASSWORD_EXPIRY_DAYS = env.int("PASSWORD_EXPIRY_DAYS", default=90)
SESSION_IDLE_MINUTES = env.int("SESSION_IDLE_MINUTES", default=30)
SESSION_ABSOLUTE_HOURS = env.int("SESSION_ABSOLUTE_HOURS", default=8)
# The cookie dies with the absolute limit too (the middleware checks the login time itself).
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_HOURS * 3600
SESSION_COOKIE_HTTPONLY = True

# The audit log is kept at least 180 days (GB/T 22239-2019 8.1.4.3); never less.
AUDIT_RETENTION_DAYS = max(180, env.int("AUDIT_RETENTION_DAYS", default=180))

# Logs go to a file as well as the console, one file a day, kept past the retention period.
LOG_DIR = env.path("LOG_DIR", default=VAR_DIR / "log")
Path(LOG_DIR).mkdir(parents=True, exist_ok=True)
LOGGING["formatters"] = {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(process)d %(message)s"}}
LOGGING["handlers"]["file"] = {
    "class": "logging.handlers.TimedRotatingFileHandler",
    "filename": str(Path(LOG_DIR) / "jining.log"),
    "when": "midnight",
    "backupCount": AUDIT_RETENTION_DAYS + 10,
    "encoding": "utf-8",
    "delay": True,
    "formatter": "plain",
}
LOGGING["root"]["handlers"] = ["console", "file"]
LOGGING["loggers"]["axes"] = {"level": "WARNING"}
