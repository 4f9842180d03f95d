"""Production settings come from the environment and pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SAFEVOICE_"))}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "safevoice.config.settings",
            "SAFEVOICE_ENV": "production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
            "DJANGO_ALLOWED_HOSTS": "consult.example.org",
            "SAFEVOICE_CLIENT_ADDRESS_HEADER": "HTTP_X_FORWARDED_FOR",
            **extra,
        }
    )
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["DJANGO_SECRET_KEY"]
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_cookies_are_secure_and_hsts_is_on():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_USE_SESSIONS, s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=production_env(DJANGO_SECURE_HSTS_SECONDS="600"),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "600", "True"]


def test_check_deploy_refuses_resume_emails_printed_to_the_console():
    env = production_env(SAFEVOICE_EMAIL_RESUME_LINKS="true")
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert "safevoice.E001" in result.stderr + result.stdout
    clean = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=production_env(SAFEVOICE_EMAIL_RESUME_LINKS="true", EMAIL_URL="smtp+tls://mail.example.org:587"),
    )
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_check_deploy_refuses_production_without_the_proxys_client_address_header():
    result = manage("check", "--deploy", env=production_env(SAFEVOICE_CLIENT_ADDRESS_HEADER="REMOTE_ADDR"))
    assert result.returncode != 0
    assert "safevoice.E002" in result.stderr + result.stdout
