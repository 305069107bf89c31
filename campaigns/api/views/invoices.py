from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action

from campaigns.api.filters import InvoiceFilter
from campaigns.api.serializers.invoices import (
    InvoiceCreateSerializer,
    InvoiceIssueSerializer,
    InvoiceSerializer,
    InvoiceUpdateSerializer,
    InvoiceVoidSerializer,
    PaymentInputSerializer,
    PaymentSerializer,
)
from campaigns.models import Invoice
from campaigns.selectors import invoices_for_user, payments_for_invoice
from campaigns.services.invoices import (
    invoice_create,
    invoice_issue,
    invoice_update,
    invoice_void,
    payment_record,
)
from influencer_platform.api.viewsets import ScopedViewSet


class InvoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Invoices per campaign. Brand clients read their brand's issued invoices only."""

    model = Invoice
    selector = staticmethod(invoices_for_user)
    serializer_class = InvoiceSerializer
    filterset_class = InvoiceFilter
    ordering_fields = ["created_at", "issue_date", "due_date", "number", "total"]
    ordering = ["-created_at"]

    def _reloaded(self, invoice: Invoice) -> Invoice:
        return self.get_queryset().get(pk=invoice.pk)  # with amount_paid and lines

    @extend_schema(request=InvoiceCreateSerializer, responses={201: InvoiceSerializer})
    def create(self, request):
        data = self.validated(InvoiceCreateSerializer, request.data)
        invoice = invoice_create(user=request.user, **data)
        return self.respond(self._reloaded(invoice), status=status.HTTP_201_CREATED)

    @extend_schema(request=InvoiceUpdateSerializer, responses=InvoiceSerializer)
    def partial_update(self, request, uuid=None):
        invoice = self.get_object()
        data = self.validated(InvoiceUpdateSerializer, request.data)
        invoice_update(invoice=invoice, user=request.user, **data)
        return self.respond(self._reloaded(invoice))

    @extend_schema(request=InvoiceIssueSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, uuid=None):
        invoice = self.get_object()
        data = self.validated(InvoiceIssueSerializer, request.data)
        invoice_issue(invoice=invoice, user=request.user, **data)
        return self.respond(self._reloaded(invoice))

    @extend_schema(request=InvoiceVoidSerializer, responses=InvoiceSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request, uuid=None):
        invoice = self.get_object()
        data = self.validated(InvoiceVoidSerializer, request.data)
        invoice_void(invoice=invoice, user=request.user, **data)
        return self.respond(self._reloaded(invoice))

    @extend_schema(methods=["GET"], responses=PaymentSerializer(many=True))
    @extend_schema(methods=["POST"], request=PaymentInputSerializer, responses={201: PaymentSerializer})
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def payments(self, request, uuid=None):
        invoice = self.get_object()
        if request.method == "GET":
            return self.paginated(payments_for_invoice(invoice=invoice, user=request.user), PaymentSerializer)
        data = self.validated(PaymentInputSerializer, request.data)
        payment = payment_record(invoice=invoice, user=request.user, **data)
        return self.respond(payment, status=status.HTTP_201_CREATED, serializer_class=PaymentSerializer)
