# Every lane adds 1 to the word at uniform 0 with an atomic add (config = uniform 2).
nop ; nop ; ldunifrf.rf20
nop ; nop ; ldunif
mov tmud, 1
mov tmuau, rf20
nop ; nop ; ldtmu.r0
nop ; nop ; thrsw
nop ; nop ; thrsw
nop
nop
nop ; nop ; thrsw
nop
nop
nop
