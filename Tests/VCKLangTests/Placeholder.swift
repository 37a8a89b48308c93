// Tests for VCKLang land with its issue.
