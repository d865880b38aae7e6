"""claimcheck: lint efficiency claims in ML papers and READMEs (The Efficiency Misnomer)."""

__version__ = "0.1.0"
