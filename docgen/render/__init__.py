"""The pack pipeline: render deals to output/<deal-id>/ with a manifest, atomically, in parallel."""
