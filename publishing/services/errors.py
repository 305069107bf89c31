from influencer_platform.common.errors import ServiceError


class PublicationForbidden(ServiceError):
    code = "forbidden"
    status_code = 403
