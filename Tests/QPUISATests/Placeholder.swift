// Tests for QPUISA land with its issue.
