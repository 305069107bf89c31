from django.db import models

from influencer_platform.common.models import PublicModel


class Brand(PublicModel):
    """A client company. Its members (brand-client users) see only this brand's data."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    website = models.URLField(blank=True)
    billing_address = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="Agency-only notes.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BrandContact(PublicModel):
    brand = models.ForeignKey(Brand, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    phone = models.CharField(max_length=40, blank=True)
    role = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"
