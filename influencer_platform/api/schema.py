"""Error answers in the OpenAPI document: every operation lists the errors it can give, one shape."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Every API error: a stable `code`, a human `detail`, and for bad input the field errors.",
    "properties": {
        "code": {"type": "string", "example": "invalid"},
        "detail": {"type": "string"},
        "field": {"type": "string", "description": "The offending field, when there is one."},
        "errors": {
            "type": "object",
            "additionalProperties": {},
            "description": "Field name to messages, for validation errors.",
        },
    },
    "required": ["code", "detail"],
}

_ERRORS = {
    "400": "Bad input: the reason is in `detail`, field by field in `errors`.",
    "401": "Not signed in, or the token is missing, invalid or revoked.",
    "403": "Signed in, but this role may not do that.",
    "404": "No such object, or not one this user may see (for a list: a page past the last one).",
    "409": "The object is not in a state that allows this (for example an illegal status change).",
    "429": "Too many requests; retry after the `Retry-After` header's seconds.",
}


def add_error_responses(result, generator, request, public):
    """drf-spectacular post-processing hook: document the error answers of every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    reference = {"$ref": "#/components/schemas/Error"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            codes = ["400", "401", "403", "404", "429"]
            if method != "get":
                codes.append("409")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(
                    code,
                    {"description": _ERRORS[code], "content": {"application/json": {"schema": reference}}},
                )
    return result
