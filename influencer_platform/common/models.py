"""Abstract bases shared by every app."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models

from influencer_platform.common.validation import readable


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def full_clean(self, *args, **kwargs):
        """Every service validates through here, so constraint names never reach a person."""
        try:
            super().full_clean(*args, **kwargs)
        except ValidationError as error:
            raise readable(error, self) from None


class PublicModel(TimeStampedModel):
    """Integer keys stay internal; URLs and the API use ``uuid``."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
