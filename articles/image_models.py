"""The image library's tables: pictures editors upload, and their renditions.

An image never changes once uploaded, neither its pixels nor its alt text,
caption or credit: a change is a new image with a new slug. An article's
approved version names its images by slug, so approving the text approves
exactly those pixels and words, and the files a live page points at stay
where they are for as long as the page does. The logic (checks, resizing,
the `[image:slug]` tag) is in articles/images.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

# Kept with the models so the data migration and tests/factories.py agree.
GROUP_PERMISSIONS = {
    "Editors": ["add_image", "view_image"],
    "Reviewers": ["view_image"],
}


class ImmutableQuerySet(models.QuerySet):
    """No bulk change or removal either: a live page may point at these files."""

    def update(self, **kwargs):
        raise ValidationError("An uploaded image can never be changed. Upload a new one instead.")

    def delete(self):
        raise ValidationError("Uploaded images are kept: approved versions of articles may show them.")


class Immutable(models.Model):
    objects = ImmutableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise ValidationError("An uploaded image can never be changed. Upload a new one instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("Uploaded images are kept: approved versions of articles may show them.")


class Image(Immutable):
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Its name in articles: put [image:this-name] on a line of its own. Left empty, it is made "
        "from the alt text.",
    )
    alt_text = models.CharField(
        "alt text",
        max_length=250,
        help_text="What the picture shows, for people who cannot see it, in a short sentence: for example "
        "“A woman leaning on a wall with one leg stretched out behind her”. Not a file name.",
    )
    caption = models.CharField(max_length=300, blank=True, help_text="Optional. Shown under the picture.")
    credit = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional. Shown under the picture as typed, for example “Drawing: Leg Cramp Guide” or "
        "“Photo: Jane Smith, CC BY 4.0”.",
    )
    # The upload re-encoded without its metadata (a phone photo carries the
    # place it was taken); renditions are made from it. Never linked publicly.
    original = models.FileField(max_length=300, editable=False)
    width = models.PositiveIntegerField(editable=False)
    height = models.PositiveIntegerField(editable=False)
    # Of the uploaded bytes: the same picture uploaded twice is easy to spot.
    sha256 = models.CharField(max_length=64, editable=False, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, editable=False, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.slug

    @property
    def tag(self):
        return f"[image:{self.slug}]"


class ImageRendition(Immutable):
    """One resized copy of an image, in one format, made at upload."""

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    image = models.ForeignKey(Image, on_delete=models.PROTECT, related_name="renditions")
    format = models.CharField(max_length=4, choices=Format.choices)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    file = models.FileField(max_length=300)
    bytes = models.PositiveIntegerField()

    class Meta:
        ordering = ["image", "format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "format", "width"], name="unique_rendition_per_format_width")
        ]

    def __str__(self):
        return f"{self.image.slug} {self.width}w {self.format}"

    @property
    def mime_type(self):
        return f"image/{self.format}"
