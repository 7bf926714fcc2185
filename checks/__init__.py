"""lis: policy-as-docs for a Swedish municipal information security management system."""

__version__ = "0.1.0"
