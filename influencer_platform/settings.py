"""One settings module for every environment.

With no environment variables the whole studio runs on one machine with no servers:
SQLite, media on local disk and a Celery broker on the filesystem, all under ``var/``.
Production supplies ``DATABASE_URL``, ``CELERY_BROKER_URL``, ``AWS_STORAGE_BUCKET_NAME``
and friends; the code paths are the same.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == _DEV_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters when DEBUG is off."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from the app, pinned, no CDN
    "axes",
    "influencer_platform",
    "influencer_platform.accounts",
    "personas",
    "campaigns",
    "generation",
    "webhooks",
    "trust",
    "publishing",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files under gunicorn, compressed, cached
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "influencer_platform.uploads.RequestBodyLimitMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a lockout into the lockout page (429)
]

ROOT_URLCONF = "influencer_platform.urls"
WSGI_APPLICATION = "influencer_platform.wsgi.application"

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
                "notifications.context_processors.unread_notifications",
            ],
            "builtins": ["influencer_platform.templatetags.studio_format"],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    # SQLite beside a worker and a multi-threaded web server: WAL lets readers run during a write;
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on the busy
    # timeout instead of one failing at once ("database is locked") when it upgrades a read lock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=30),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out account or address first
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username, or
# from one address, further logins from it are refused for the cool-off time, even with the right one.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "influencer_platform.accounts.client_ip.client_ip"
AXES_VERBOSE = False
# Reverse proxies in front of the app whose X-Forwarded-For is trusted (Caddy in docker-compose: 1).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Throttle counters and lockout caches: per process by default; set CACHE_URL (redis://...) when several
# web processes must share them.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env.str("AWS_S3_REGION_NAME", default=None)
    AWS_DEFAULT_ACL = "private"
    AWS_QUERYSTRING_AUTH = True
    AWS_QUERYSTRING_EXPIRE = env.int("AWS_QUERYSTRING_EXPIRE", default=300)
    AWS_S3_SIGNATURE_VERSION = env.str("AWS_S3_SIGNATURE_VERSION", default="s3v4")  # v2 is retired
    AWS_S3_FILE_OVERWRITE = False
    _default_storage = {"BACKEND": "storages.backends.s3.S3Storage"}
else:
    _default_storage = {"BACKEND": "influencer_platform.media.SignedFileSystemStorage"}
STORAGES = {
    "default": _default_storage,
    # Hashed names (cacheable forever) once collectstatic has run, as in the Docker image; the
    # embedded set-up serves straight from static/ through WhiteNoise's finders.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env.bool("STATIC_MANIFEST", default=not DEBUG)
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Local-disk media is private: /media/ goes through influencer_platform.media.media_file, which
# checks the user's scope or the URL's signature (MEDIA_URL_EXPIRE_SECONDS), also with DEBUG off.
SERVE_MEDIA = not AWS_STORAGE_BUCKET_NAME
MEDIA_URL_EXPIRE_SECONDS = env.int("MEDIA_URL_EXPIRE_SECONDS", default=300)
# Behind nginx or Caddy, let the web server send the bytes after the check: an internal location
# that maps to MEDIA_ROOT (e.g. /protected-media/), or the header Apache/lighttpd read (X-Sendfile).
MEDIA_ACCEL_REDIRECT_PREFIX = env.str("MEDIA_ACCEL_REDIRECT_PREFIX", default="")
MEDIA_SENDFILE_HEADER = env.str("MEDIA_SENDFILE_HEADER", default="")

# Uploads: keep large videos on disk while they are validated, never in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploads stop being written to disk the moment one passes the largest file the studio accepts (the
# motion limit below), and a request body above it is refused with 413 before anything is read.
FILE_UPLOAD_HANDLERS = [
    "influencer_platform.uploads.LimitedMemoryFileUploadHandler",
    "influencer_platform.uploads.LimitedTemporaryFileUploadHandler",
]
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# 16 megapixels (4096x4096): decoded RGBA that is 64 MB, and the re-encode holds at most two copies.
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=16_777_216)

# --- Security (production) ------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- REST API -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "influencer_platform.accounts.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "influencer_platform.api.pagination.StandardPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "influencer_platform.api.filters.KnownQueryParameters",
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "influencer_platform.api.exceptions.api_exception_handler",
    # 429 with Retry-After past these rates: per signed-in user, per API token, per address when anonymous.
    "DEFAULT_THROTTLE_CLASSES": [
        "influencer_platform.api.throttling.TokenRateThrottle",
        "influencer_platform.api.throttling.SessionUserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "token": env.str("API_RATE_PER_TOKEN", default="600/min"),
        "user": env.str("API_RATE_PER_USER", default="600/min"),
        "anon": env.str("API_RATE_ANONYMOUS", default="60/min"),
    },
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "COERCE_DECIMAL_TO_STRING": True,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
WHITENOISE_USE_FINDERS = DEBUG
# Content-Security-Policy (django-csp): scripts only from this origin (no inline script anywhere),
# media from this origin or the bucket, no framing.
_MEDIA_ORIGINS = [AWS_S3_ENDPOINT_URL] if AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL else []
if AWS_STORAGE_BUCKET_NAME and not _MEDIA_ORIGINS:
    _MEDIA_ORIGINS = ["https://*.amazonaws.com"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # style attributes (board columns), Swagger's <style>
        "img-src": ["'self'", "data:", "blob:", *_MEDIA_ORIGINS],
        "media-src": ["'self'", "blob:", *_MEDIA_ORIGINS],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "influencer_platform.api.schema.add_error_responses",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "Virtual Influencer Studio API",
    "DESCRIPTION": "Personas, brands, campaigns, pricing, earnings and generation jobs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "status"; name each choice set once so the schema has no collisions.
    "ENUM_NAME_OVERRIDES": {
        "CampaignStatusEnum": "campaigns.models.CampaignStatus",
        "DeliverableStatusEnum": "campaigns.models.DeliverableStatus",
        "InvoiceStatusEnum": "campaigns.models.InvoiceStatus",
        "UsageTermEnum": "campaigns.models.UsageTerm",
        "DeliverableTypeEnum": "campaigns.models.DeliverableType",
        "CurrencyEnum": "influencer_platform.common.money.CURRENCY_CHOICES",
        "BackendEnum": "animation.backends.backend_names",
        "ConsentRecordKindEnum": "trust.models.RecordKind",
        "ContentUseEnum": "trust.models.ContentUse",
    },
}

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _queue_dir = VAR_DIR / "celery" / "queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    (VAR_DIR / "celery" / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        # kombu's default is 1 s, and a worker at its prefetch limit sleeps that long after every
        # task: one webhook delivery per second. A tenth of a second costs a directory listing.
        "polling_interval": env.float("CELERY_BROKER_POLLING_INTERVAL", default=0.1),
    }
else:
    # Redis: a priority per message (rush deliverables first) and a visibility timeout
    # longer than the longest render, so unacknowledged jobs are redelivered only when
    # their worker really died.
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=4 * 3600),
        "queue_order_strategy": "priority",
        "priority_steps": list(range(10)),
        "sep": ":",
    }
CELERY_RESULT_BACKEND = None  # the database row is the truth about a job
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = ("generation.queue.route_task",)  # queues are named in one place
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=30 * 60)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=35 * 60)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "campaigns-invoice-reminders": {
        "task": "campaigns.tasks.invoice_reminders_send",
        "schedule": timedelta(hours=env.int("INVOICE_REMINDER_CHECK_HOURS", default=6)),
    },
    "generation-reap-stale-jobs": {
        "task": "generation.tasks.generation_jobs_reap",
        "schedule": timedelta(seconds=env.int("GENERATION_REAP_INTERVAL", default=60)),
    },
    "webhooks-dispatch-due": {
        "task": "webhooks.tasks.webhook_deliveries_dispatch",
        "schedule": timedelta(seconds=env.int("WEBHOOK_SWEEP_SECONDS", default=15)),
    },
    "trust-usage-rights-sweep": {
        "task": "trust.tasks.usage_rights_sweep",
        "schedule": timedelta(minutes=env.int("USAGE_RIGHTS_SWEEP_MINUTES", default=60)),
    },
    "notifications-invoices-overdue": {
        "task": "notifications.tasks.invoices_overdue_sweep",
        "schedule": timedelta(hours=env.int("INVOICE_REMINDER_CHECK_HOURS", default=6)),
    },
    "publishing-sweep": {
        "task": "publishing.tasks.publications_sweep",
        "schedule": timedelta(seconds=env.int("PUBLICATION_SWEEP_SECONDS", default=60)),
    },
}
# Days before a brand's usage rights end that the deliverable page warns and usage_rights.expiring fires.
USAGE_RIGHTS_WARNING_DAYS = env.int("USAGE_RIGHTS_WARNING_DAYS", default=7)

# --- Generation -----------------------------------------------------------------------
# Directory of released AnimateAnyone weights; empty runs the tiny random-weight model.
ANIMATION_WEIGHTS_DIR = env.str("ANIMATION_WEIGHTS_DIR", default="")
ANIMATION_MODEL_CONFIG = env.str("ANIMATION_MODEL_CONFIG", default="")
ANIMATION_DEVICE = env.str("ANIMATION_DEVICE", default="auto")
ANIMATION_DTYPE = env.str("ANIMATION_DTYPE", default="auto")
# Wan2.2-Animate (backend "wan-animate"): the diffusers-format directory; bf16 on a GPU by default;
# offload "auto" chooses model CPU offload from the GPU's free memory ("none" / "model" force it).
WAN_ANIMATE_WEIGHTS_DIR = env.str("WAN_ANIMATE_WEIGHTS_DIR", default="")
WAN_ANIMATE_DTYPE = env.str("WAN_ANIMATE_DTYPE", default="auto")
WAN_ANIMATE_OFFLOAD = env.str("WAN_ANIMATE_OFFLOAD", default="auto")
GENERATION_MAX_ATTEMPTS = env.int("GENERATION_MAX_ATTEMPTS", default=3)
GENERATION_HEARTBEAT_STALE_SECONDS = env.int("GENERATION_HEARTBEAT_STALE_SECONDS", default=120)
# A queued job whose row has not changed for this long gets its run message sent again.
GENERATION_QUEUED_RESEND_SECONDS = env.int("GENERATION_QUEUED_RESEND_SECONDS", default=1800)
# How long a job is expected to take: loading plus seconds per work unit (frames x steps x megapixels),
# measured on your workers. Heartbeat staleness and queued resends scale with it (capped by the two above).
GENERATION_LOAD_SECONDS = env.float("GENERATION_LOAD_SECONDS", default=60.0)
GENERATION_SECONDS_PER_WORK_UNIT = env.float("GENERATION_SECONDS_PER_WORK_UNIT", default=1.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Motion library -------------------------------------------------------------------
MOTION_MAX_DURATION_SECONDS = env.float("MOTION_MAX_DURATION_SECONDS", default=120.0)
MOTION_MAX_SIDE = env.int("MOTION_MAX_SIDE", default=3840)
MOTION_MAX_FRAMES = env.int("MOTION_MAX_FRAMES", default=3600)
MOTION_MAX_FILE_BYTES = env.int("MOTION_MAX_FILE_BYTES", default=500 * 1024 * 1024)
# Width x height x fps: 4K at 30 fps passes, 4K at 60 fps is refused before decoding.
MOTION_MAX_PIXEL_RATE = env.float("MOTION_MAX_PIXEL_RATE", default=3840 * 2160 * 30)

# --- Invoices ---------------------------------------------------------------------------
# Printed on every invoice PDF. Tax lines are shown only when INVOICE_TAX_RATES is set, as
# "label=percent" pairs (for example "VAT=19"); invoice totals include them.
INVOICE_ISSUER_NAME = env.str("INVOICE_ISSUER_NAME", default="Virtual Influencer Studio")
INVOICE_ISSUER_ADDRESS = env.str("INVOICE_ISSUER_ADDRESS", default="").replace("\\n", "\n")
INVOICE_TAX_ID = env.str("INVOICE_TAX_ID", default="")
INVOICE_BANK_DETAILS = env.str("INVOICE_BANK_DETAILS", default="").replace("\\n", "\n")
INVOICE_TAX_RATES = env.list("INVOICE_TAX_RATES", default=[])
# Overdue invoices are reminded by email at most this often.
INVOICE_REMINDER_INTERVAL_DAYS = env.int("INVOICE_REMINDER_INTERVAL_DAYS", default=7)

# --- Email ------------------------------------------------------------------------------
# The console backend prints mail in the embedded set-up; for SMTP set EMAIL_BACKEND and EMAIL_HOST etc.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="studio@localhost")

# --- Webhooks and publishing ----------------------------------------------------------
# Receivers on loopback, private or link-local addresses are refused unless this is true (SSRF).
WEBHOOK_ALLOW_PRIVATE_NETWORKS = env.bool("WEBHOOK_ALLOW_PRIVATE_NETWORKS", default=False)
WEBHOOK_REQUIRE_HTTPS = env.bool("WEBHOOK_REQUIRE_HTTPS", default=not DEBUG)
WEBHOOK_TIMEOUT_SECONDS = env.int("WEBHOOK_TIMEOUT_SECONDS", default=10)
WEBHOOK_RETRY_WINDOW_SECONDS = env.int("WEBHOOK_RETRY_WINDOW_SECONDS", default=3 * 24 * 3600)
# Retries due sooner than this are sent with a countdown; later ones by the beat sweep.
WEBHOOK_SWEEP_SECONDS = env.int("WEBHOOK_SWEEP_SECONDS", default=15)
# Absolute base of delivery URLs handed to schedulers (they fetch media from outside).
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000")
# How long a brand contact's invitation link works (it works once).
BRAND_INVITATION_DAYS = env.int("BRAND_INVITATION_DAYS", default=7)
PUBLICATION_LEASE_SECONDS = env.int("PUBLICATION_LEASE_SECONDS", default=900)

# Content credentials (C2PA, trust app). With no chain/key configured, renders are signed by a development CA
# created once under VAR_DIR/c2pa-dev-ca (the job page says so).
C2PA_CERT_CHAIN_FILE = env.str("C2PA_CERT_CHAIN_FILE", default="")
C2PA_PRIVATE_KEY_FILE = env.str("C2PA_PRIVATE_KEY_FILE", default="")
C2PA_TRUST_ANCHORS_FILE = env.str("C2PA_TRUST_ANCHORS_FILE", default="")
C2PA_TIMESTAMP_URL = env.str("C2PA_TIMESTAMP_URL", default="")
C2PA_VERIFY_MAX_BYTES = env.int("C2PA_VERIFY_MAX_BYTES", default=500 * 1024 * 1024)
