"""Extraction stage: efficiency claims, cost figures and setup, from a `Document`.

`extract_claims(document)` is the entry point (spaCy loaded only when a sentence needs it);
`extract_quantities(sentence)` reads the cost figures of any sentence without spaCy.
"""
from claimcheck.extract.claims import Claim, ClaimList, extract_claims
from claimcheck.extract.quantities import extract_quantities

__all__ = ["Claim", "ClaimList", "extract_claims", "extract_quantities"]
