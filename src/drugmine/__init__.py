"""drugmine: evidence-linked drug facts from raw web documents."""

__version__ = "0.1.0"
PIPELINE_VERSION = "1"
