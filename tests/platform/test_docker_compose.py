"""docker-compose.yml names real modules and entry points, and reserves a GPU for the GPU worker."""

import importlib
import importlib.util
import shutil

import yaml

from tests.conftest import REPO_ROOT


def _compose() -> dict:
    return yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())


def _check_command(command: list[str]) -> None:
    program = command[0]
    if program == "gunicorn":
        module, _, attribute = command[1].partition(":")
        assert hasattr(importlib.import_module(module), attribute), command
        assert shutil.which("gunicorn") or importlib.util.find_spec("gunicorn"), "gunicorn is not installed"
    elif program == "celery":
        assert command[1] == "-A"
        app_module = importlib.import_module(command[2])
        assert hasattr(app_module, "celery_app"), f"{command[2]} exposes no Celery app"
        assert command[3] in {"worker", "beat"}
    elif program == "python":
        assert command[1] == "manage.py"
        from django.core.management import get_commands

        assert command[2] in get_commands(), f"unknown management command {command[2]}"
    else:
        raise AssertionError(f"unexpected program in compose command: {command}")


def test_every_app_service_command_names_a_real_entry_point():
    services = _compose()["services"]
    app_services = [name for name, spec in services.items() if "build" in spec]
    assert set(app_services) == {"web", "migrate", "worker", "gpu-worker", "gpu-large-worker", "beat"}
    assert {"postgres", "redis", "proxy"} <= set(services)
    for name in app_services:
        _check_command(services[name]["command"])


def test_gpu_worker_takes_the_gpu_queue_one_job_at_a_time():
    gpu = _compose()["services"]["gpu-worker"]
    command = gpu["command"]
    assert command[command.index("-Q") + 1] == "gpu"
    assert command[command.index("--concurrency") + 1] == "1"
    devices = gpu["deploy"]["resources"]["reservations"]["devices"]
    assert devices[0]["driver"] == "nvidia" and "gpu" in devices[0]["capabilities"]


def test_a_second_gpu_worker_takes_the_large_queue_the_wan_backend_routes_to():
    from animation.backends import get_backend
    from generation.queue import render_queue

    large = _compose()["services"]["gpu-large-worker"]
    command = large["command"]
    assert (
        command[command.index("-Q") + 1] == "gpu-large" == render_queue(parameters={"backend": "wan-animate"})
    )
    assert command[command.index("--concurrency") + 1] == "1"
    assert large["deploy"]["resources"]["reservations"]["devices"][0]["driver"] == "nvidia"
    assert get_backend("wan-animate").memory_class == "gpu-large"
    assert render_queue(parameters={"backend": "animate-anyone"}) == render_queue(parameters={}) == "gpu"


def test_the_image_is_built_from_the_dockerfile():
    compose = _compose()
    assert (REPO_ROOT / "Dockerfile").exists()
    assert compose["services"]["web"]["build"]["context"] == "."
    assert "requirements.txt" in (REPO_ROOT / "Dockerfile").read_text()


def test_the_proxy_sends_media_only_after_the_apps_check():
    """Caddy terminates TLS and serves media bytes for X-Accel-Redirect answers of the app's /media/
    view; the media volume is the one the app and every worker write to."""
    compose = _compose()
    services = compose["services"]
    environment = services["web"]["environment"]
    prefix = environment["MEDIA_ACCEL_REDIRECT_PREFIX"]
    proxy = services["proxy"]
    assert {"80:80", "443:443"} <= set(proxy["ports"]) and "ports" not in services["web"]
    assert f"media:/srv{prefix}:ro" in proxy["volumes"]
    caddyfile = (REPO_ROOT / "deploy" / "Caddyfile").read_text()
    assert f"@accel header X-Accel-Redirect {prefix}/*" in caddyfile
    assert "root * /srv" in caddyfile and "reverse_proxy web:8000" in caddyfile
    for name in ("web", "worker", "gpu-worker", "gpu-large-worker"):
        volumes = services[name].get("volumes") or compose["x-app"]["volumes"]
        assert f"media:{environment['MEDIA_ROOT']}" in volumes, name
    assert environment["TRUSTED_PROXY_COUNT"] == "1"
