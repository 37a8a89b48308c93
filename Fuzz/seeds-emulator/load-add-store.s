# Loads a word per lane from uniform 0, adds uniform 3, stores it at uniform 1; a thread
# switch while the load is in flight.
eidx r1 ; nop ; ldunif
shl r1, r1, 2
add rf1, r5, r1 ; nop ; ldunif
add rf2, r5, r1 ; nop ; ldunif
mov tmua, rf1 ; nop ; thrsw
nop ; nop ; ldunif
nop
nop ; nop ; ldtmu.r0
add tmud, r0, r5
mov tmua, rf2
tmuwt -
nop ; nop ; thrsw
nop ; nop ; thrsw
nop
nop
nop ; nop ; thrsw
nop
nop
nop
