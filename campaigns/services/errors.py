"""Errors specific to campaign workflows, on top of the shared ``ServiceError``."""

from influencer_platform.common.errors import ServiceError


class ForbiddenAction(ServiceError):
    """The user can see the object but their role may not do this to it."""

    code = "forbidden"
    status_code = 403


class IllegalTransition(ServiceError):
    code = "illegal_transition"


def illegal_transition(*, noun: str, from_status: str, to_status: str, allowed) -> IllegalTransition:
    allowed_text = ", ".join(sorted(allowed)) or "none (final state)"
    return IllegalTransition(
        f"Cannot move {noun} from {from_status} to {to_status}; allowed: {allowed_text}.", field="to_status"
    )
