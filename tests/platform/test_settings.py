"""Production settings: the deploy check is clean and a missing secret key stops start-up."""

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Gk2pQz9Lw4Vb8Nc1Hs6Jd3Mf0Rt5Ya2Ue7Io9Pl4Kj8Hg6Fd3Sa1Qw5Er0Ty",
    "ALLOWED_HOSTS": "studio.example.com",
    "DATABASE_URL": "postgres://studio:secret@db.example.com:5432/studio",
    "CELERY_BROKER_URL": "redis://redis.example.com:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "studio-media",
}


def _manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # A deployment never sets DJANGO_ALLOW_ASYNC_UNSAFE (the browser tests do, for themselves).
    dropped = {*PRODUCTION_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO_ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_real_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_the_development_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": "dev-only-insecure-key-never-use-in-production"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_settings_use_postgres_redis_and_s3():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'],"
        " s.CELERY_BROKER_URL.split(':')[0], s.STORAGES['default']['BACKEND'], s.AWS_DEFAULT_ACL,"
        " s.AWS_QUERYSTRING_AUTH, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV, DJANGO_SETTINGS_MODULE="influencer_platform.settings")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "True",
        "redis",
        "storages.backends.s3.S3Storage",
        "private",
        "True",
        "True",
        "True",
    ]
