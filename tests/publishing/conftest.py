"""An approved deliverable with a real rendered mp4, channels, and scheduler API clients."""

import numpy as np
import pytest
from django.core.files.base import ContentFile
from rest_framework.test import APIClient

from campaigns.models import DeliverableStatus
from influencer_platform.accounts.models import TokenScope
from influencer_platform.accounts.services import api_token_create, scheduler_create
from tests.factories import (
    CampaignFactory,
    ChannelFactory,
    DeliverableFactory,
    GenerationJobFactory,
    PersonaFactory,
)

ALL_SCOPES = [TokenScope.FEED_READ, TokenScope.PUBLICATIONS_REPORT, TokenScope.PERFORMANCE_READ]


def mp4_bytes(*, frames: int = 12, size=(64, 96), fps: float = 8.0) -> bytes:
    """A real H.264 file, like a render."""
    import tempfile
    from pathlib import Path

    from posekit.video_io import write_mp4

    width, height = size
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "render.mp4"
        write_mp4(
            [np.full((height, width, 3), (index * 20) % 255, np.uint8) for index in range(frames)],
            path,
            fps=fps,
        )
        return path.read_bytes()


def approved_deliverable(*, brand, persona=None, status=DeliverableStatus.APPROVED, **fields):
    persona = persona or PersonaFactory()
    deliverable = DeliverableFactory(
        campaign=CampaignFactory(brand=brand),
        persona=persona,
        status=status,
        caption="Summer drop with the brand",
        hashtags=["summer", "ad", "aigenerated"],
        **fields,
    )
    job = GenerationJobFactory(
        deliverable=deliverable,
        reference_image__persona=persona,
        version_number=1,
        video=ContentFile(mp4_bytes(), name="render.mp4"),
        duration_seconds=1.5,
    )
    return deliverable, job


@pytest.fixture
def approved(brand_a):
    deliverable, job = approved_deliverable(brand=brand_a)
    tiktok = ChannelFactory(persona=deliverable.persona, platform="tiktok", handle="mira.tt")
    youtube = ChannelFactory(persona=deliverable.persona, platform="youtube", handle="mira.yt")
    return {"deliverable": deliverable, "job": job, "tiktok": tiktok, "youtube": youtube}


def scheduler_client(*, admin, personas, channels=(), scopes=None, name="buffer") -> tuple[APIClient, object]:
    scheduler = scheduler_create(name=name, personas=personas, channels=channels, created_by=admin)
    _, secret = api_token_create(
        user=scheduler, name=f"{name} token", created_by=admin, scopes=scopes or ALL_SCOPES
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secret}")
    return client, scheduler


@pytest.fixture
def scheduler_api(agency_admin, approved):
    client, _ = scheduler_client(admin=agency_admin, personas=[approved["deliverable"].persona])
    return client


def read_stream(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content
