// QPUISA: the V3D 4.2 instruction set.
