"""Settings for the Medborgarlöfte site.

Every value that differs between machines comes from the environment (or a `.env` file
beside manage.py). `.env.example` documents each variable for operators.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    SECRET_KEY=(str, ""),
    ALLOWED_HOSTS=(list, []),
    DATABASE_URL=(str, ""),
    CACHE_URL=(str, "locmemcache://"),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    HTTPS=(bool, True),
    HSTS_SECONDS=(int, 31_536_000),
    HSTS_PRELOAD=(bool, True),
    BEHIND_PROXY=(bool, False),
    TRUSTED_PROXY_COUNT=(int, 1),
    CSRF_TRUSTED_ORIGINS=(list, []),
    ADMIN_URL=(str, "admin/"),
    STATIC_ROOT=(str, str(BASE_DIR / "staticfiles")),
    MEDIA_ROOT=(str, str(BASE_DIR / "media")),
    LOG_LEVEL=(str, "INFO"),
    PUBLIC_CACHE_SECONDS=(int, 300),
    PAGE_REPLAY_MB=(float, 16.0),
    BENCHMARK_FLOOR=(bool, False),
    LOGIN_FAILURE_LIMIT=(int, 5),
    LOGIN_LOCKOUT_HOURS=(float, 1.0),
    ADMIN_REQUIRE_2FA=(bool, False),
    SECURITY_TXT_CONTACT=(list, []),
    EMBED_ALLOWED_ORIGINS=(list, []),
    OPEN_DATA_PUBLISHER=(str, ""),
    OPEN_DATA_CONTACT_EMAIL=(str, ""),
    EMAIL_URL=(str, "filemail:///var/mail"),
    EMAIL_FROM=(str, "webmaster@localhost"),
    ALERT_DIGEST_HOUR=(int, 16),
    PUBLIC_LANGUAGES=(list, ["sv", "en", "ar"]),
    DOTENV_FILE=(str, str(BASE_DIR / ".env")),
)

# An empty DOTENV_FILE turns the file off (the test suite does this).
_dotenv_file = env("DOTENV_FILE")
if _dotenv_file and Path(_dotenv_file).is_file():
    env.read_env(_dotenv_file)

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
DATABASE_URL = env("DATABASE_URL")

# Production never guesses: a missing secret, host list or database stops start-up here.
if not DEBUG:
    missing = [
        name
        for name, value in (
            ("SECRET_KEY", SECRET_KEY),
            ("ALLOWED_HOSTS", ALLOWED_HOSTS),
            ("DATABASE_URL", DATABASE_URL),
        )
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"Set {', '.join(missing)} in the environment or in .env (see .env.example). "
            "They are only optional when DEBUG=true."
        )
if DEBUG:
    SECRET_KEY = SECRET_KEY or "insecure-development-key-only-used-with-debug"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
    DATABASE_URL = DATABASE_URL or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"

SITE_URL = env("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    # The admin site with its two-factor sign-in (promises/admin/site.py).
    "promises.admin.apps.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_otp",
    # django-otp's, django-reversion's and django-axes' apps under Swedish names
    # (promises/admin/third_party.py).
    "promises.admin.third_party.AuthenticatorAppsConfig",
    "promises.admin.third_party.HistoryConfig",
    "promises.admin.third_party.SignInLockoutConfig",
    "promises",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The address's language, before the page cache: the cache resolves and reverses the
    # path, which needs the language that prefix names.
    "medborgarlofte.languages.AddressLanguageMiddleware",
    # Outside the page cache, so stored pages get this process's framing policy too.
    "medborgarlofte.embed_framing.EmbedFramingMiddleware",
    # Stores whole public pages (after the HTTPS redirect, before everything else), so a
    # warm page costs one cache read; every header below is stored with the page.
    "promises.caching.page_cache.PageCacheMiddleware",
    # Compresses pages, feeds and data files. BREACH does not apply to public pages (no
    # secrets); the admin's CSRF tokens are masked anew on every response.
    "medborgarlofte.compression.TextGZipMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "medborgarlofte.security_headers.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Below the page cache, compression and CommonMiddleware's Content-Length, so what they
    # store, compress and measure is already clean.
    "medborgarlofte.clean_html.CleanHtmlMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "medborgarlofte.outage.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out person is refused before their password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "medborgarlofte.urls"
WSGI_APPLICATION = "medborgarlofte.wsgi.application"

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
                "promises.publishing.site_identity.context",
                "medborgarlofte.languages.context",
            ],
        },
    },
]

DATABASES = {"default": env.db_url_config(DATABASE_URL)}
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No just-in-time compilation: once the tables have statistics, the planner's cost estimate
    # for a search over a few hundred areas passes jit_above_cost and PostgreSQL spends 30-50 ms
    # compiling a query that runs in 4 ms (docs/benchmarks.md, "Search at 300 areas"). The
    # site's queries are all short; JIT only pays for long analytical ones.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(filter(None, [_options.get("options"), "-c jit=off"]))

CACHES = {"default": env.cache_url_config(env("CACHE_URL"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The language comes only from the address (medborgarlofte/languages.py): Swedish without a
# prefix, /en/ and /ar/ for the others. There is deliberately no LocaleMiddleware, so no
# cookie, session or browser language ever switches it and no page varies on
# Accept-Language. Each language is named in its own language.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English"), ("ar", "العربية")]
# The languages residents are offered (their addresses, links and sitemap entries). A
# language is switched on in production only after a translator has reviewed its catalogue
# (docs/operations.md, "Switching a language on"); Swedish is always on.
PUBLIC_LANGUAGES = [
    code for code, _name in LANGUAGES if code == LANGUAGE_CODE or code in env("PUBLIC_LANGUAGES")
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("STATIC_ROOT")
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

ADMIN_URL = env("ADMIN_URL").strip("/") + "/"
# With true, signing in to the admin needs a one-time code from an authenticator app.
ADMIN_REQUIRE_2FA = env("ADMIN_REQUIRE_2FA")
OTP_TOTP_ISSUER = "Medborgarlöfte Södra Fyrbodal"
# The admin never shows an existing authenticator's secret key or QR code: whoever saw it could
# make codes for that account. Each person sets up their own (promises/admin/two_factor.py).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sign-in lockout (django-axes): after LOGIN_FAILURE_LIMIT failed attempts for one user name
# from one address, that pair is locked out for LOGIN_LOCKOUT_HOURS. Keying on the pair, not
# the user name alone, means nobody can lock a colleague out from elsewhere.
AXES_FAILURE_LIMIT = env("LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = env("LOGIN_LOCKOUT_HOURS")
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The address of the person signing in, also behind proxies (promises/client_ip.py): the same
# function the accessibility report form counts by.
AXES_CLIENT_IP_CALLABLE = "promises.client_ip.client_ip"

# How long browsers and shared caches may keep a public page without asking again. Pages
# carry ETag and Last-Modified, so asking again is cheap (304).
PUBLIC_CACHE_SECONDS = env("PUBLIC_CACHE_SECONDS")
# Each process keeps up to this much of what it sent for stored pages and sends it again
# before Django's handler while the page's content stamp stands (promises/caching/replay.py);
# 0 turns that off.
PAGE_REPLAY_BYTES = int(env("PAGE_REPLAY_MB") * 1024 * 1024)

# Security. HTTPS=false is only for serving on a developer's own machine.
HTTPS = env("HTTPS")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env("HSTS_SECONDS") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# The header only allows preloading; submitting the domain to browsers is a separate step.
SECURE_HSTS_PRELOAD = HTTPS and env("HSTS_PRELOAD")
BEHIND_PROXY = env("BEHIND_PROXY")
# How many proxies of ours (load balancer, nginx, …) append to X-Forwarded-For: the client's
# address is that many entries from the right. Only read with BEHIND_PROXY=true.
TRUSTED_PROXY_COUNT = env("TRUSTED_PROXY_COUNT")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = False
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = [
    "accelerometer",
    "camera",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
]
BENCHMARK_FLOOR = env("BENCHMARK_FLOOR")
# Where to report a vulnerability, for /.well-known/security.txt (RFC 9116): comma-separated
# mailto:, https: or tel: addresses. Empty: no security.txt, and `check --deploy` warns.
SECURITY_TXT_CONTACT = env("SECURITY_TXT_CONTACT")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The partners' sites that may show the embeddable view (/inbaddning/…) in a frame: exact
# origins, e.g. https://www.tjorn.se. They become that view's CSP frame-ancestors
# (medborgarlofte/embed_framing.py); every other page may be framed by nobody.
EMBED_ALLOWED_ORIGINS = [origin.rstrip("/") for origin in env("EMBED_ALLOWED_ORIGINS")]
_bad_origins = [
    origin
    for origin in EMBED_ALLOWED_ORIGINS
    if not re.fullmatch(
        r"https?://[a-z0-9.-]+(:[0-9]{1,5})?|https?://\[[0-9a-f:]+\](:[0-9]{1,5})?", origin
    )
]
if _bad_origins:
    raise ImproperlyConfigured(
        f"EMBED_ALLOWED_ORIGINS: {', '.join(_bad_origins)} is not an origin. Write each as "
        "scheme and host (and port), lower case, without a path, e.g. https://www.tjorn.se."
    )
# The DCAT-AP-SE catalogue for Sweden's data portal (promises/publishing/dcat.py): the slug of
# the partner that registers it at the portal and publishes the data, and the mailbox that
# answers questions about the data. While either is empty the catalogue says so (503).
OPEN_DATA_PUBLISHER = env("OPEN_DATA_PUBLISHER")
OPEN_DATA_CONTACT_EMAIL = env("OPEN_DATA_CONTACT_EMAIL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    # django-axes reports every sign-in at INFO; lockouts come at WARNING.
    "loggers": {"axes": {"level": "WARNING"}},
}

# E-mail (the alerts residents subscribe to, promises/publishing/alerts.py). EMAIL_URL is
# django-environ's form: smtp+tls://USER:PASSWORD@HOST:587, smtp+ssl://…:465, smtp://HOST:25.
# The default writes each message to a file under var/mail/ of the project, so `make serve`
# works without a mail server; a relative file path is taken from the project's folder.
EMAIL_URL = env("EMAIL_URL")
_email = env.email_url_config(EMAIL_URL)
if _email["EMAIL_BACKEND"].endswith(".smtp.EmailBackend"):
    _mailer_options = {
        "host": _email["EMAIL_HOST"] or "localhost",
        "port": _email["EMAIL_PORT"],
        "username": _email["EMAIL_HOST_USER"] or None,
        "password": _email["EMAIL_HOST_PASSWORD"] or None,
        "use_tls": _email.get("EMAIL_USE_TLS", False),
        "use_ssl": _email.get("EMAIL_USE_SSL", False),
        # A mail server that stops answering must not hold a sender's claim for long.
        "timeout": 30,
    }
elif _email["EMAIL_BACKEND"].endswith(".filebased.EmailBackend"):
    _mailer_options = {"file_path": str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or "var/mail"))}
else:
    _mailer_options = {}
# Django 6.1's mailers (EMAIL_BACKEND and the other EMAIL_* settings are deprecated).
MAILERS = {"default": {"BACKEND": _email["EMAIL_BACKEND"], "OPTIONS": _mailer_options}}
DEFAULT_FROM_EMAIL = env("EMAIL_FROM")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# From this hour (local time) each subscriber's news of the day go out as one digest; what is
# published later that day waits for the next day's digest.
ALERT_DIGEST_HOUR = env("ALERT_DIGEST_HOUR")

# Where "sign in" links point, e.g. after a new editor has chosen a password.
LOGIN_URL = "admin:login"
