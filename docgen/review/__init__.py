"""Review: proofread rendered packs (`check`) and redline two versions (`compare`)."""
