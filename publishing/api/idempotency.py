"""``Idempotency-Key`` on POSTs: the first answer is stored and replayed for every repeat, so a
scheduler that retries after a timeout never reports twice or claims twice."""

import hashlib
import json
from functools import wraps

from django.db import IntegrityError, transaction
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from influencer_platform.common.errors import ConflictError, ServiceError
from publishing.models import IdempotencyRecord

MAX_KEY_LENGTH = 200


def _fingerprint(request) -> str:
    body = JSONRenderer().render(request.data if isinstance(request.data, dict) else {"_": request.data})
    canonical = json.dumps(json.loads(body or b"{}"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{request.method} {request.path}\n{canonical}".encode()).hexdigest()


def idempotent(view_method):
    """Wrap a POST action of an APIView; requests without the header behave as before."""

    @wraps(view_method)
    def wrapper(self, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return view_method(self, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY_LENGTH or not key.isprintable():
            raise ServiceError(
                f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} printable characters.",
                code="invalid_idempotency_key",
            )
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user=request.user,
                    key=key,
                    request_path=request.path[:300],
                    request_fingerprint=fingerprint,
                )
        except IntegrityError:
            record = IdempotencyRecord.objects.get(user=request.user, key=key)
            if record.request_fingerprint != fingerprint:
                raise ServiceError(
                    "This Idempotency-Key was used for another request; use a new key for a new request.",
                    code="idempotency_key_reused",
                ) from None
            if record.response_status is None:
                raise ConflictError(
                    "The first request with this Idempotency-Key is still being handled; retry shortly.",
                    code="idempotency_in_progress",
                ) from None
            return Response(
                record.response_body, status=record.response_status, headers={"Idempotent-Replayed": "true"}
            )
        try:
            response = view_method(self, request, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - turned into the API's error response, then stored
            response = self.handle_exception(error)
        if response.status_code >= 500:
            record.delete()  # a server fault is not an answer: the retry runs again
            return response
        body = json.loads(JSONRenderer().render(response.data)) if response.data is not None else None
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            response_status=response.status_code, response_body=body
        )
        return response

    return wrapper
