"""docgen: bilingual legal document packs for Chinese utility-fee ABS deals."""

__version__ = "0.1.0"
