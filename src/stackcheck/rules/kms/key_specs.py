"""KMS key specs and the key usages CreateKey accepts for each.

Source: the KeyUsage parameter of CreateKey,
https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html#KMS-CreateKey-request-KeyUsage
("For HMAC KMS keys (symmetric), specify GENERATE_VERIFY_MAC. For asymmetric KMS keys with RSA key pairs,
specify ENCRYPT_DECRYPT or SIGN_VERIFY. For asymmetric KMS keys with NIST-standard elliptic curve key
pairs, specify SIGN_VERIFY or KEY_AGREEMENT. For asymmetric KMS keys with ECC_SECG_P256K1 key pairs,
specify SIGN_VERIFY. For asymmetric KMS keys with ML-DSA key pairs, specify SIGN_VERIFY. For asymmetric
KMS keys with SM2 key pairs (China Regions only), specify ENCRYPT_DECRYPT, SIGN_VERIFY, or
KEY_AGREEMENT."; symmetric encryption keys take ENCRYPT_DECRYPT, the default).
"""

from __future__ import annotations

from stackcheck.rules.base import FieldMap

DEFAULT_SPEC = "SYMMETRIC_DEFAULT"
DEFAULT_USAGE = "ENCRYPT_DECRYPT"


def allowed_usages(spec: str) -> tuple[str, ...] | None:
    """Key usages CreateKey accepts with `spec`; None for a spec not described here."""
    if spec == "SYMMETRIC_DEFAULT":
        return ("ENCRYPT_DECRYPT",)
    if spec.startswith("HMAC_"):
        return ("GENERATE_VERIFY_MAC",)
    if spec.startswith("RSA_"):
        return ("ENCRYPT_DECRYPT", "SIGN_VERIFY")
    if spec == "ECC_NIST_EDWARDS25519":
        return ("SIGN_VERIFY",)
    if spec.startswith("ECC_NIST_"):
        return ("SIGN_VERIFY", "KEY_AGREEMENT")
    if spec == "ECC_SECG_P256K1" or spec.startswith("ML_DSA_"):
        return ("SIGN_VERIFY",)
    if spec == "SM2":
        return ("ENCRYPT_DECRYPT", "SIGN_VERIFY", "KEY_AGREEMENT")
    return None


KEY = FieldMap({
    "aws_kms_key": {"spec": "customer_master_key_spec", "usage": "key_usage", "rotation": "enable_key_rotation",
                    "policy": "policy", "bypass": "bypass_policy_lockout_safety_check",
                    "store": "custom_key_store_id"},
    "AWS::KMS::Key": {"spec": "KeySpec", "usage": "KeyUsage", "rotation": "EnableKeyRotation",
                      "policy": "KeyPolicy", "bypass": "BypassPolicyLockoutSafetyCheck", "origin": "Origin"},
})
