"""Settings, read only from the environment through dangvu.config.

Profiles (DANGVU_PROFILE): ``local`` (default: SQLite in the data folder, keys generated beside the
database, plain HTTP on 127.0.0.1) and ``production`` (secrets and hosts required, HTTPS-only cookies, HSTS;
passes ``manage.py check --deploy``). See docs/configuration.md.
"""

from pathlib import Path

from dangvu import config

BASE_DIR = Path(__file__).resolve().parent
PROFILE = config.env_choice("DANGVU_PROFILE", "local", ("local", "production"))
PRODUCTION = PROFILE == "production"
DATA_DIR = config.data_dir()
DATABASES = {"default": config.env_database()}
# Generated local keys live beside the SQLite file (else in the data folder): they follow the database.
KEY_DIR = config.key_dir(DATABASES["default"])

DEBUG = config.env_bool("DEBUG", default=False)
if PRODUCTION:
    SECRET_KEY = config.env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise config.ConfigError(
            "SECRET_KEY quá ngắn (cần ít nhất 50 ký tự) / SECRET_KEY must be at least 50 characters."
        )
    ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", [])
    if not ALLOWED_HOSTS:
        raise config.ConfigError("Thiếu ALLOWED_HOSTS / ALLOWED_HOSTS is required in production.")
    if DEBUG:
        raise config.ConfigError("DEBUG phải tắt khi chạy thật / DEBUG must be off in production.")
else:
    SECRET_KEY = config.local_secret("SECRET_KEY", KEY_DIR, "secret_key")
    ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

# The audit chain's keyed hash. The database records the key's fingerprint (audit.keys): a command or the
# web app started with another key refuses to run. A generated key is written only when a chain is created.
if PRODUCTION:
    AUDIT_KEY = config.env_str("AUDIT_KEY", required=True)
    if len(AUDIT_KEY.encode()) < 32:
        raise config.ConfigError(
            "AUDIT_KEY quá ngắn (cần ít nhất 32 byte) / AUDIT_KEY must be at least 32 bytes."
        )
    AUDIT_KEY_FILE, AUDIT_KEY_IS_NEW = "", False
else:
    _audit_key = config.file_secret("AUDIT_KEY", KEY_DIR, "audit_key")
    AUDIT_KEY = _audit_key.value
    AUDIT_KEY_FILE = str(_audit_key.path or "")
    AUDIT_KEY_IS_NEW = _audit_key.new

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ninja",  # the API docs page is served from its static files, never from a CDN
    "dangvu.core",
    "dangvu.audit",
    "dangvu.organizations",
    "dangvu.members",
    "dangvu.accounts",
    "dangvu.oversight",
    "dangvu.workplans",
    "dangvu.reports",
    "dangvu.cadres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dangvu.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dangvu.audit.middleware.CorrelationMiddleware",
    "dangvu.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangvu.urls"
WSGI_APPLICATION = "dangvu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dangvu.core.context_processors.shell",
            ],
        },
    },
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Repeated failed logins are throttled: after 5 failures for a username from one address, 15 minutes.
AXES_FAILURE_LIMIT = config.env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
# Per username and address, and per address over every username (accounts.throttling).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "dangvu.accounts.throttling.AddressLimitHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = config.env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dangvu.accounts.views.lockout"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "dangvu"
OTP_TOTP_THROTTLE_FACTOR = 1

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale (scripts/messages).
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Quantities are grouped explicitly (`vn_number`, 3.456); years, codes, ids and phones print as text.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["dangvu.formats"]

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise warns at every start when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = DATA_DIR / "media"
# Web imports (members.import_jobs): run by the web process in a thread after the upload commits (local
# profile), or left queued for `dangvu imports work` (production, where several web workers run).
IMPORT_JOBS_IN_PROCESS = config.env_bool("IMPORT_JOBS_IN_PROCESS", default=not PRODUCTION)
# A running job whose heartbeat is older than this is shown as failed (its worker died).
IMPORT_JOB_STALE_SECONDS = config.env_int("IMPORT_JOB_STALE_SECONDS", 600)

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = config.env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = config.env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

EMAIL_BACKEND = config.env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "dangvu@localhost")

# Personal data never goes to stdout or files: only warnings of our own code, without request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "dangvu": {"handlers": ["console"], "level": "INFO"},
        "axes": {"handlers": ["console"], "level": "ERROR"},
    },
}
