"""zhibu settings: one module, configured from the environment.

ZHIBU_HOME            where the embedded database, uploads and the generated secret key live (./var)
ZHIBU_DATABASE_URL    e.g. postgres://user:pass@127.0.0.1:5432/zhibu (default: SQLite under ZHIBU_HOME)
ZHIBU_SECRET_KEY      signing key; generated once into ZHIBU_HOME when unset
ZHIBU_DEBUG           1/true for development
ZHIBU_ALLOWED_HOSTS   comma-separated host names
ZHIBU_BEHIND_PROXY    1 when served behind nginx or another reverse proxy that sets X-Forwarded-*
ZHIBU_EMAIL_URL       e.g. smtp+tls://user:password@smtp.example.edu.cn:587 — notices are also mailed
                      (unset: in-app inbox only); ZHIBU_EMAIL_FROM the sender address
ZHIBU_PUBLISHING_KEY  the key that signs published pages (default: derived from the secret key)
ZHIBU_PUBLISHING_OLD_KEYS  comma-separated earlier keys that still verify (`derived`: the default key)
"""

import os
import secrets
import warnings
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ZHIBU_HOME = Path(os.environ.get("ZHIBU_HOME", Path.cwd() / "var")).resolve()


def _secret_key() -> str:
    key = os.environ.get("ZHIBU_SECRET_KEY")
    if key:
        return key
    key_file = ZHIBU_HOME / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        ZHIBU_HOME.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("ZHIBU_DEBUG")
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ZHIBU_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("ZHIBU_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.admin",
    "ninja",
    "zhibu.core",
    "zhibu.orgs",
    "zhibu.textguard",
    "zhibu.meetings",
    "zhibu.cobuild",
    "zhibu.integration",
    "zhibu.careers",
    "zhibu.gradmail",
    "zhibu.methods",
    "zhibu.assessment",
    "zhibu.strengths",
    "zhibu.publishing",
    "zhibu.ingest",
    "zhibu.dashboard",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "zhibu.urls"
WSGI_APPLICATION = "zhibu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                # `graduate_only`: base.html shows a graduate's own login only 我的毕业寄
                "zhibu.gradmail.context_processors.graduate_only",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("ZHIBU_DATABASE_URL") or f"sqlite:///{ZHIBU_HOME / 'zhibu.sqlite3'}",
        conn_max_age=int(os.environ.get("ZHIBU_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = os.environ.get("ZHIBU_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("ZHIBU_STATIC_ROOT", ZHIBU_HOME / "static"))
WHITENOISE_USE_FINDERS = True
# The embedded setup serves static files through the finders; STATIC_ROOT exists only after collectstatic.
warnings.filterwarnings("ignore", message="No directory at")
MEDIA_ROOT = ZHIBU_HOME / "media"
UPLOAD_ROOT = ZHIBU_HOME / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
ZHIBU_IMPORT_MAX_BYTES = int(os.environ.get("ZHIBU_IMPORT_MAX_BYTES", 20 * 1024 * 1024))
ZHIBU_ATTACHMENT_MAX_BYTES = int(os.environ.get("ZHIBU_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Behind a reverse proxy (nginx): trust its X-Forwarded-Proto and X-Forwarded-For, and only then.
ZHIBU_BEHIND_PROXY = _env_bool("ZHIBU_BEHIND_PROXY")
if ZHIBU_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

def _email_settings(url: str) -> dict:
    """smtp://, smtp+tls:// (STARTTLS) or smtp+ssl:// with optional user:password@host:port."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": ""}
    parts = urlsplit(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtp+ssl"}:
        raise ValueError(f"ZHIBU_EMAIL_URL: unknown scheme {parts.scheme!r} (smtp, smtp+tls or smtp+ssl)")
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "",
        "EMAIL_PORT": parts.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[parts.scheme],
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
        "EMAIL_USE_SSL": parts.scheme == "smtp+ssl",
        "EMAIL_TIMEOUT": 10,
    }


globals().update(_email_settings(os.environ.get("ZHIBU_EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("ZHIBU_EMAIL_FROM", "zhibu@localhost")
ZHIBU_PUBLISHING_KEY = os.environ.get("ZHIBU_PUBLISHING_KEY", "")
ZHIBU_PUBLISHING_OLD_KEYS = [
    k.strip() for k in os.environ.get("ZHIBU_PUBLISHING_OLD_KEYS", "").split(",") if k.strip()
]
# A large scope's dashboard results are stored and reused this long (`zhibu manage dashboard_refresh`).
ZHIBU_DASHBOARD_SNAPSHOT_SECONDS = int(os.environ.get("ZHIBU_DASHBOARD_SNAPSHOT_SECONDS", "900"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = _env_bool("ZHIBU_SECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "zhibu.core.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ZHIBU_LOG_LEVEL", "WARNING")},
}
