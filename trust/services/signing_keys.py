"""Where C2PA signing keys come from: configured files, else a development CA made once under VAR_DIR."""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings

DEV_CA_NAME = "Virtual Influencer Studio development CA"


@dataclass(frozen=True)
class SigningKeys:
    cert_chain_pem: bytes  # leaf first, then the issuing CA
    private_key_pem: bytes
    ca_pem: bytes  # trust anchor the validator needs
    development: bool
    timestamp_url: str | None = None


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Virtual Influencer Studio (development)"),
        ]
    )


def development_ca_create(*, directory: Path) -> None:
    """A CA plus an ES256 leaf for C2PA signing (validators refuse a self-signed leaf)."""
    directory.mkdir(parents=True, exist_ok=True)
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(DEV_CA_NAME)
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("Virtual Influencer Studio development signer"))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    (directory / "ca.pem").write_bytes(ca_cert.public_bytes(pem))
    (directory / "chain.pem").write_bytes(leaf_cert.public_bytes(pem) + ca_cert.public_bytes(pem))
    key_path = directory / "signer.key"
    key_path.write_bytes(
        leaf_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_path.chmod(0o600)


def signing_keys_load() -> SigningKeys:
    """Configured chain and key (C2PA_CERT_CHAIN_FILE, C2PA_PRIVATE_KEY_FILE), else the development CA."""
    chain_file, key_file = settings.C2PA_CERT_CHAIN_FILE, settings.C2PA_PRIVATE_KEY_FILE
    if chain_file and key_file:
        chain = Path(chain_file).read_bytes()
        anchors = (
            Path(settings.C2PA_TRUST_ANCHORS_FILE).read_bytes() if settings.C2PA_TRUST_ANCHORS_FILE else b""
        )
        return SigningKeys(
            cert_chain_pem=chain,
            private_key_pem=Path(key_file).read_bytes(),
            ca_pem=anchors,
            development=False,
            timestamp_url=settings.C2PA_TIMESTAMP_URL or None,
        )
    directory = Path(settings.VAR_DIR) / "c2pa-dev-ca"
    if not (directory / "signer.key").exists():
        development_ca_create(directory=directory)
    return SigningKeys(
        cert_chain_pem=(directory / "chain.pem").read_bytes(),
        private_key_pem=(directory / "signer.key").read_bytes(),
        ca_pem=(directory / "ca.pem").read_bytes(),
        development=True,
        timestamp_url=settings.C2PA_TIMESTAMP_URL or None,
    )


def trust_anchors_pem() -> str:
    """PEM of the CAs verification trusts: configured anchors plus, when present, the development CA."""
    parts = []
    if settings.C2PA_TRUST_ANCHORS_FILE:
        parts.append(Path(settings.C2PA_TRUST_ANCHORS_FILE).read_text())
    dev_ca = Path(settings.VAR_DIR) / "c2pa-dev-ca" / "ca.pem"
    if dev_ca.exists():
        parts.append(dev_ca.read_text())
    return "".join(parts)
