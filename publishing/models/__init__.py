from publishing.models.idempotency import IdempotencyRecord
from publishing.models.metrics import MAX_METRIC, METRIC_FIELDS, MetricsSnapshot, MetricsSnapshotSource
from publishing.models.publications import Publication, PublicationState, PublicationStateChange
from publishing.models.renditions import Rendition, RenditionStatus

__all__ = [
    "IdempotencyRecord",
    "MAX_METRIC",
    "METRIC_FIELDS",
    "MetricsSnapshot",
    "MetricsSnapshotSource",
    "Publication",
    "PublicationState",
    "PublicationStateChange",
    "Rendition",
    "RenditionStatus",
]
