"""Settings for Gaoxin, read from the environment with safe development defaults."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from gaoxin.core.keys import KEYS, key_refusal
from gaoxin.core.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GAOXIN_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Production unless told otherwise (等保: fail closed): only an explicit DEBUG=1 (`make demo`, `make test`) turns on the
# development conveniences — a made-up secret key and signing key, loopback hosts, console mail, the demo data.
DEBUG = env_bool("DEBUG", False)
DEVELOPMENT_SECRET_KEY = "gaoxin-development-only-key-never-use-in-production"
# Django's own measure of a strong key (its check security.W009): at least 50 characters, at least 5 different ones.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE = 5


def production_refusals() -> list[str]:
    """What production lacks before it may start, each naming the environment variable to set."""
    refusals = []
    secret = os.environ.get("SECRET_KEY", "")
    if not secret:
        refusals.append("SECRET_KEY is not set")
    elif (
        len(secret) < SECRET_KEY_MIN_LENGTH
        or len(set(secret)) < SECRET_KEY_MIN_UNIQUE
        or secret == DEVELOPMENT_SECRET_KEY
        or secret.startswith("django-insecure")
    ):
        refusals.append(
            f"SECRET_KEY is weak (it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE} of them different: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    if not os.environ.get("GAOXIN_SIGNING_KEY", "").strip():
        refusals.append("GAOXIN_SIGNING_KEY is not set (openssl genpkey -algorithm ed25519, the PEM's text)")
    if not os.environ.get("ALLOWED_HOSTS", "").strip():
        refusals.append("ALLOWED_HOSTS is not set (the host names the platform is served under, comma-separated)")
    # The keys of the audit trail, the backups and personal data (gaoxin.core.keys): never in the database, never made
    # up in production.
    for name in KEYS:
        if refusal := key_refusal(name, os.environ.get(name)):
            refusals.append(refusal)
    return refusals


if not DEBUG and (refusals := production_refusals()):
    raise ImproperlyConfigured(
        "生产模式拒绝启动 / Gaoxin runs in production mode (DEBUG is not 1) and refuses to start: "
        + "; ".join(refusals)
        + ". For development and the demo set DEBUG=1 (make demo, make test do)."
    )
SECRET_KEY = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "gaoxin.core",
    "gaoxin.accounts",
    "gaoxin.workdays",
    "gaoxin.identity",
    "gaoxin.catalog",
    "gaoxin.cases",
    "gaoxin.wallet",
    "gaoxin.economy",
    "gaoxin.documents",
    "gaoxin.certificates",
    "gaoxin.ratings",
    "gaoxin.projects",
    "gaoxin.demands",
    "gaoxin.cockpit",
    "django_tasks",
    "django_tasks_db",
    "gaoxin.notifications",
    "gaoxin.jobs",
]

MIDDLEWARE = [
    "gaoxin.core.logs.RequestIdMiddleware",
    "gaoxin.core.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gaoxin.core.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gaoxin.core.middleware.UnreadableTextMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages: a signed-in person who owes a second factor or a new password is sent to give it first.
    "gaoxin.accounts.middleware.AccountGateMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gaoxin.core.middleware.DatabaseUnavailableMiddleware",
    "gaoxin.core.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "gaoxin.urls"
WSGI_APPLICATION = "gaoxin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "gaoxin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gaoxin.core.navigation.navigation",
            ],
        },
    },
]


def database_from_environment() -> dict:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'gaoxin.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of one failing
        # half-way with "database is locked"; WAL lets readers go on while a write commits.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # Tests use a file (one per process), not the shared in-memory database, so concurrent tests meet real locking.
        config["TEST"] = {"NAME": str(VAR_DIR / f"test-gaoxin-{os.getpid()}.sqlite3")}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # An unreachable server fails a request in seconds (a 503) instead of holding the worker for minutes.
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", 5)))
    return config


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Passwords as Django checks them, behind the one login throttle; permissions from the role alone
# (gaoxin.accounts.backends, 三权分立).
AUTHENTICATION_BACKENDS = ["gaoxin.accounts.backends.ThrottledBackend"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# 身份鉴别 (GB/T 22239-2019 8.1.4.1 a, docs/decisions/0026-passwords-and-second-factor.md): at least 10 characters from
# 3 of the 4 classes, none of the last 5.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "gaoxin.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "gaoxin.accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "gaoxin.accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"remember": 5}},
]

# The second factor (django-otp's TOTP): the issuer an authenticator app shows; the admin site never shows a key.
OTP_TOTP_ISSUER = "高新政务服务平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "gaoxin" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True

# Gaoxin's own settings.
GAOXIN = {
    # Started in development mode (DEBUG=1): the demo data may be loaded, the login page names the demo accounts and
    # the API docs are open to everyone. Read from here, not from DEBUG, which pytest-django turns off in tests.
    "DEVELOPMENT": DEBUG,
    # Office hours for promised limits counted in hours (DESIGN.md "Time limits").
    "OFFICE_HOURS": [("09:00", "12:00"), ("13:00", "17:00")],
    # Share of a limit used after which a case or task is shown as a warning.
    "SLA_WARNING_SHARE": 0.8,
    # 万人助万企: an enterprise not visited by its cadre for this many days shows on the cadre's and the office's lists.
    "DEMANDS_VISIT_INTERVAL_DAYS": int(os.environ.get("GAOXIN_DEMANDS_VISIT_INTERVAL_DAYS", 90)),
    # 督办 (docs/decisions/0032-supervision.md): a missed deadline of a unit goes to the unit's head at once, and to the
    # enterprise's responsible leader when it is still missed this many working days later.
    "DEMANDS_ESCALATE_LEADER_DAYS": int(os.environ.get("GAOXIN_DEMANDS_ESCALATE_LEADER_DAYS", 3)),
    # A demand is marked a suspected repeat of the same party's earlier one raised within this many days in the same
    # category, or in any category with texts this alike (0-100, rapidfuzz's ratio over the characters).
    "DEMANDS_REPEAT_WINDOW_DAYS": int(os.environ.get("GAOXIN_DEMANDS_REPEAT_WINDOW_DAYS", 30)),
    "DEMANDS_REPEAT_TEXT_SCORE": int(os.environ.get("GAOXIN_DEMANDS_REPEAT_TEXT_SCORE", 85)),
    # Files a demand may carry in all (its raiser's and its unit's: PDF, JPG, PNG), and photos a visit may carry.
    "DEMANDS_ATTACHMENTS_MAX": int(os.environ.get("GAOXIN_DEMANDS_ATTACHMENTS_MAX", 5)),
    "UPLOAD_MAX_BYTES": int(os.environ.get("GAOXIN_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)),
    # Limits before work (gaoxin/core/limits.py): a multipart body (files and their form) and any other body (JSON,
    # a form) over these is refused with 413 before a byte of it is read.
    "REQUEST_MAX_BYTES": int(os.environ.get("GAOXIN_REQUEST_MAX_BYTES", 64 * 1024 * 1024)),
    "BODY_MAX_BYTES": int(os.environ.get("GAOXIN_BODY_MAX_BYTES", 256 * 1024)),
    # Where a file is taken from someone without an account: a creditor's evidence against a public notice (公示).
    "ANONYMOUS_UPLOAD_PATHS": ("/notices/", "/api/notices/"),
    "UPLOAD_TYPES": {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"},
    # One throttle for every way in (gaoxin.accounts.throttle, docs/decisions/0023-one-login-throttle.md). From one
    # address, ADDRESS_FAILURES failures on an account within WINDOW_SECONDS lock that account for that address for
    # ADDRESS_LOCK_SECONDS; ACCOUNT_FAILURES failures on it within ACCOUNT_WINDOW_SECONDS, from anywhere, lock the
    # account itself for ACCOUNT_LOCK_SECONDS (or until the security administrator unlocks it) and tell the security
    # administrators. Keep ACCOUNT_FAILURES above ADDRESS_FAILURES × ACCOUNT_WINDOW / ADDRESS_LOCK: then one address
    # alone can never lock the account for its owner elsewhere.
    "LOGIN_THROTTLE": {
        "ADDRESS_FAILURES": int(os.environ.get("GAOXIN_LOGIN_ADDRESS_FAILURES", 5)),
        "WINDOW_SECONDS": 15 * 60,
        "ADDRESS_LOCK_SECONDS": int(os.environ.get("GAOXIN_LOGIN_ADDRESS_LOCK_SECONDS", 15 * 60)),
        "ACCOUNT_FAILURES": int(os.environ.get("GAOXIN_LOGIN_ACCOUNT_FAILURES", 30)),
        "ACCOUNT_WINDOW_SECONDS": 60 * 60,
        "ACCOUNT_LOCK_SECONDS": int(os.environ.get("GAOXIN_LOGIN_ACCOUNT_LOCK_SECONDS", 60 * 60)),
    },
    # Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated); none by default, so
    # a client cannot choose the address it is counted and recorded under (gaoxin.core.clients).
    "TRUSTED_PROXIES": [p.strip() for p in os.environ.get("GAOXIN_TRUSTED_PROXIES", "").split(",") if p.strip()],
    # How long a bearer token works: staff for a working day, an applicant's program for a month (等保: a session
    # of staff ends; an applicant's integration should not need the password daily). Logout, a password change,
    # deactivation and DELETE /api/auth/token end it earlier.
    "TOKEN_HOURS_STAFF": int(os.environ.get("GAOXIN_TOKEN_HOURS_STAFF", 12)),
    "TOKEN_HOURS_APPLICANT": int(os.environ.get("GAOXIN_TOKEN_HOURS_APPLICANT", 30 * 24)),
    # 身份鉴别 (GB/T 22239-2019 8.1.4.1): a staff password is changed after this many days (applicants' never expire);
    # an account nobody used for this many days is disabled by the daily job (accounts.tasks.disable_unused_accounts).
    "PASSWORD_MAX_AGE_DAYS": int(os.environ.get("GAOXIN_PASSWORD_MAX_AGE_DAYS", 90)),
    "ACCOUNT_UNUSED_DAYS": int(os.environ.get("GAOXIN_ACCOUNT_UNUSED_DAYS", 180)),
    # A code to reset a forgotten password: valid this long, this many tries, at most this many per account an hour.
    "SIGN_IN_CODE_MINUTES": 10,
    "SIGN_IN_CODE_ATTEMPTS": 5,
    "SIGN_IN_CODES_PER_HOUR": 3,
    "CASE_NUMBER_PREFIX": "GX",
    # E-licenses (gaoxin.certificates): Ed25519 private key in PEM from GAOXIN_SIGNING_KEY. Without one, a
    # development machine (DEBUG on when settings load) generates var/dev-signing-key.pem; production refuses.
    "SIGNING_KEY_PEM": os.environ.get("GAOXIN_SIGNING_KEY", ""),
    "SIGNING_KEY_DEV_FALLBACK": DEBUG,
    # Personal data (gaoxin.core.personal): resident ID numbers and phones are encrypted with GAOXIN_PII_KEY, never
    # stored in the database; development (DEBUG on when settings load) generates var/dev-pii-key instead. The
    # previous keys (comma-separated) still read old rows until `manage.py personal_data_rekey` rewrites them.
    # PII_CIPHER "sm4" where the zone chose 国密 (SM4-GCM, HMAC-SM3), else "aes" (AES-256-GCM, HMAC-SHA-256).
    "PII_KEY": os.environ.get("GAOXIN_PII_KEY", ""),
    "PII_PREVIOUS_KEYS": os.environ.get("GAOXIN_PII_PREVIOUS_KEYS", ""),
    "PII_CIPHER": os.environ.get("GAOXIN_PII_CIPHER", "aes"),
    # The audit, backup and personal-data keys (gaoxin.core.keys) from GAOXIN_AUDIT_KEY, GAOXIN_BACKUP_KEY and
    # GAOXIN_PII_KEY; a development machine without them gets var/dev-audit-key, var/dev-backup-key, var/dev-pii-key.
    "KEY_DEV_FALLBACK": DEBUG,
    # Where the signed checkpoints of the audit trail's heads are appended (checkpoints.jsonl): outside the database,
    # ideally on storage the database's administrators cannot rewrite (another host's mount, chattr +a).
    "AUDIT_CHECKPOINT_DIR": Path(os.environ.get("GAOXIN_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")),
    # The address people reach the platform at: the QR codes and printed verification addresses on licenses and
    # documents, and the links in e-mail, start with it. Without GAOXIN_PUBLIC_BASE_URL, the local port the demo
    # and `make serve` listen on (PORT); `check --deploy` warns when that is all production has.
    "PUBLIC_BASE_URL": os.environ.get("GAOXIN_PUBLIC_BASE_URL") or f"http://127.0.0.1:{os.environ.get('PORT', '8000')}",
    # Positions 3-8 of the USCCs the zone assigns: 洛阳高新技术产业开发区.
    "DIVISION_CODE": "410371",
    # The written decisions (gaoxin.documents): who issues them under the approval seal, and the bodies the rights
    # notice of a refusal or denial names (行政复议法 2023 §24: the city's government reviews the zone's decisions).
    "ZONE": {
        "approval_authority": "洛阳高新技术产业开发区管理委员会",
        "review_body": "洛阳市人民政府",
        "court": "洛阳市涧西区人民法院",
    },
    # 洛高审受〔2026〕12号: the zone's prefix of the documents' numbers (GB/T 9704-2012 7.2.4 发文字号).
    "DOCUMENT_NUMBER_PREFIX": "洛高审",
    # Seals' private keys as <seal code>.pem files (the approval seal may use GAOXIN_SIGNING_KEY instead).
    "SEAL_KEY_DIR": os.environ.get("GAOXIN_SEAL_KEY_DIR", ""),
    # The SMS gateway of SMS_BACKEND's HttpBackend (gaoxin.notifications.sms): its address, the access key (id and
    # secret) the requests are signed with, and the sign (签名) registered with it.
    "SMS": {
        "URL": os.environ.get("GAOXIN_SMS_URL", ""),
        "KEY_ID": os.environ.get("GAOXIN_SMS_KEY_ID", ""),
        "KEY_SECRET": os.environ.get("GAOXIN_SMS_KEY_SECRET", ""),
        "SIGN_NAME": os.environ.get("GAOXIN_SMS_SIGN_NAME", "洛阳高新政务服务"),
        "TIMEOUT": 10,
    },
    # An e-mail or SMS that fails is tried again after 1, 2, 4 … minutes (doubling), and marked failed after this
    # many attempts.
    "DELIVERY_MAX_ATTEMPTS": int(os.environ.get("GAOXIN_DELIVERY_MAX_ATTEMPTS", 5)),
    "DELIVERY_RETRY_SECONDS": 60,
    # Objections to a public notice from one address within the window: more are refused (429), so the public form
    # cannot be used to flood a department (docs/decisions/0021-public-notice-and-objections.md).
    "OBJECTION_LIMIT": int(os.environ.get("GAOXIN_OBJECTION_LIMIT", 5)),
    "OBJECTION_WINDOW_SECONDS": 60 * 60,
}
DATA_UPLOAD_MAX_MEMORY_SIZE = GAOXIN["UPLOAD_MAX_BYTES"] + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# The first handler refuses an anonymous upload before any byte is stored and cuts every file at the upload limit.
FILE_UPLOAD_HANDLERS = [
    "gaoxin.core.limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background work (docs/decisions/0010-background-work.md): tasks are rows in this database, run by
# `manage.py run_worker`; TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend runs them in the caller.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# Notifications by e-mail: printed to the console in development, SMTP from the EMAIL_* variables otherwise.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "高新政务服务平台 <noreply@localhost>")
# SMS: logged in development, the HTTP gateway of GAOXIN["SMS"] otherwise.
SMS_BACKEND = os.environ.get(
    "SMS_BACKEND",
    "gaoxin.notifications.sms.ConsoleBackend" if DEBUG else "gaoxin.notifications.sms.HttpBackend",
)

# JSON lines with a request id (gaoxin.core.logs); LOG_FORMAT=text for a readable terminal. Production defaults to JSON.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = logging_config(level=os.environ.get("LOG_LEVEL", "INFO"), json_lines=LOG_FORMAT == "json")

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The load balancer asks over plain HTTP on the inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
