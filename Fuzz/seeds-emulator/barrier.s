# Every batch stores, then waits at a barrier, then loads its neighbour's word.
eidx r1 ; nop ; ldunif
shl r1, r1, 2
add rf1, r5, r1
tidx r0
mov tmud, r0
mov tmua, rf1
tmuwt -
mov syncb, r0 ; nop ; thrsw
nop
nop
mov tmua, rf1
nop ; nop ; ldtmu.r2
nop ; nop ; thrsw
nop ; nop ; thrsw
nop
nop
nop ; nop ; thrsw
nop
nop
nop
