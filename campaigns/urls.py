"""Agency pages of the campaigns app; ``portal_urlpatterns`` are the brand client's pages."""

from django.urls import path

from campaigns.views import brands, campaigns, deliverables, earnings, invoices, portal, rate_cards

app_name = "campaigns"

urlpatterns = [
    path("brands/", brands.brand_list, name="brand-list"),
    path("brands/new/", brands.brand_create_view, name="brand-create"),
    path("brands/<uuid:uuid>/", brands.brand_detail, name="brand-detail"),
    path("brands/<uuid:uuid>/edit/", brands.brand_edit, name="brand-edit"),
    path("brands/<uuid:uuid>/contacts/", brands.brand_contact_add, name="brand-contact-add"),
    path("personas/<uuid:uuid>/rate-card/", rate_cards.rate_card_edit, name="rate-card-edit"),
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_create_view, name="campaign-create"),
    path("campaigns/<uuid:uuid>/", campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:uuid>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path("campaigns/<uuid:uuid>/status/", campaigns.campaign_transition_view, name="campaign-transition"),
    path(
        "campaigns/<uuid:uuid>/deliverables/new/",
        campaigns.deliverable_create_view,
        name="deliverable-create",
    ),
    path("campaigns/<uuid:uuid>/invoices/new/", invoices.invoice_create_view, name="invoice-create"),
    path("deliverables/", deliverables.deliverable_board, name="deliverable-board"),
    path("deliverables/<uuid:uuid>/move/", deliverables.deliverable_board_move, name="deliverable-move"),
    path("deliverables/<uuid:uuid>/", deliverables.deliverable_detail, name="deliverable-detail"),
    path("deliverables/<uuid:uuid>/edit/", deliverables.deliverable_edit, name="deliverable-edit"),
    path(
        "deliverables/<uuid:uuid>/status/",
        deliverables.deliverable_transition_view,
        name="deliverable-transition",
    ),
    path("deliverables/<uuid:uuid>/comments/", deliverables.deliverable_comment, name="deliverable-comment"),
    path(
        "deliverables/<uuid:uuid>/comments/<uuid:comment_uuid>/resolve/",
        deliverables.deliverable_comment_resolve_view,
        name="deliverable-comment-resolve",
    ),
    path("invoices/", invoices.invoice_list, name="invoice-list"),
    path("invoices/<uuid:uuid>/", invoices.invoice_detail, name="invoice-detail"),
    path("invoices/<uuid:uuid>/print/", invoices.invoice_print, name="invoice-print"),
    path("invoices/<uuid:uuid>/pdf/", invoices.invoice_pdf, name="invoice-pdf"),
    path("invoices/<uuid:uuid>/issue/", invoices.invoice_issue_view, name="invoice-issue"),
    path("invoices/<uuid:uuid>/remind/", invoices.invoice_remind_view, name="invoice-remind"),
    path("invoices/<uuid:uuid>/void/", invoices.invoice_void_view, name="invoice-void"),
    path("invoices/<uuid:uuid>/payments/", invoices.payment_record_view, name="payment-record"),
    path("earnings/", earnings.earnings_report, name="earnings"),
    path("earnings/<str:report>.csv", earnings.earnings_csv, name="earnings-csv"),
]

portal_urlpatterns = [
    path("campaigns/<uuid:uuid>/", portal.campaign_detail, name="campaign"),
    path("deliverables/<uuid:uuid>/", portal.deliverable_review, name="deliverable"),
    path("deliverables/<uuid:uuid>/approve/", portal.deliverable_approve_view, name="deliverable-approve"),
    path(
        "deliverables/<uuid:uuid>/changes/",
        portal.deliverable_request_changes_view,
        name="deliverable-changes",
    ),
    path("deliverables/<uuid:uuid>/comments/", portal.deliverable_comment, name="deliverable-comment"),
    path(
        "deliverables/<uuid:uuid>/comments/<uuid:comment_uuid>/resolve/",
        portal.deliverable_comment_resolve_view,
        name="deliverable-comment-resolve",
    ),
    path("invoices/", portal.invoice_list, name="invoice-list"),
    path("invoices/<uuid:uuid>/", portal.invoice_detail, name="invoice"),
    path("invoices/<uuid:uuid>/pdf/", portal.invoice_pdf, name="invoice-pdf"),
]
