;; Clustering kernels in WebAssembly SIMD (f32x4, f64x2). Compiled by
;; `npm run build:kernels` into kernels-wasm.ts; docs/benchmarks.md,
;; "Kernels", says how they are used. Every address is a byte offset into the
;; shared memory; matrices are row-major.
;;
;; Distances use ‖x − c‖² = ‖x‖² − 2 x·c + ‖c‖²: the dot products of 4 rows
;; with 8 centroids are one register-blocked step ($micro), centroids stored
;; transposed (d x kp, kp a multiple of 8, padding with norm +inf).
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Dot products of rows a0..a3 (d f32 each) with the 8 centroids whose
  ;; columns start at ct (row stride `stride` bytes): 8 f32x4 to out, row r's
  ;; centroids 0-3 at out + 32 r, 4-7 at out + 32 r + 16. Sums run j = 0..d-1.
  (func $micro
    (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32)
    (param $ct i32) (param $stride i32) (param $d i32) (param $out i32)
    (local $j i32) (local $end i32) (local $c0 v128) (local $c1 v128) (local $s v128)
    (local $p00 v128) (local $p01 v128) (local $p10 v128) (local $p11 v128)
    (local $p20 v128) (local $p21 v128) (local $p30 v128) (local $p31 v128)
    (local.set $end (i32.shl (local.get $d) (i32.const 2)))
    (loop $columns
      (local.set $c0 (v128.load (local.get $ct)))
      (local.set $c1 (v128.load offset=16 (local.get $ct)))
      (local.set $s (v128.load32_splat (i32.add (local.get $a0) (local.get $j))))
      (local.set $p00 (f32x4.add (local.get $p00) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p01 (f32x4.add (local.get $p01) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a1) (local.get $j))))
      (local.set $p10 (f32x4.add (local.get $p10) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p11 (f32x4.add (local.get $p11) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a2) (local.get $j))))
      (local.set $p20 (f32x4.add (local.get $p20) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p21 (f32x4.add (local.get $p21) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a3) (local.get $j))))
      (local.set $p30 (f32x4.add (local.get $p30) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p31 (f32x4.add (local.get $p31) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $ct (i32.add (local.get $ct) (local.get $stride)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $columns (i32.lt_u (local.get $j) (local.get $end))))
    (v128.store offset=0 (local.get $out) (local.get $p00))
    (v128.store offset=16 (local.get $out) (local.get $p01))
    (v128.store offset=32 (local.get $out) (local.get $p10))
    (v128.store offset=48 (local.get $out) (local.get $p11))
    (v128.store offset=64 (local.get $out) (local.get $p20))
    (v128.store offset=80 (local.get $out) (local.get $p21))
    (v128.store offset=96 (local.get $out) (local.get $p30))
    (v128.store offset=112 (local.get $out) (local.get $p31)))

  ;; As $micro, for 6 rows (12 accumulators, 15 of the 16 SIMD registers of x64).
  (func $micro6
    (param $a0 i32) (param $a1 i32) (param $a2 i32) (param $a3 i32) (param $a4 i32) (param $a5 i32)
    (param $ct i32) (param $stride i32) (param $d i32) (param $out i32)
    (local $j i32) (local $end i32) (local $c0 v128) (local $c1 v128) (local $s v128)
    (local $p00 v128) (local $p01 v128) (local $p10 v128) (local $p11 v128)
    (local $p20 v128) (local $p21 v128) (local $p30 v128) (local $p31 v128)
    (local $p40 v128) (local $p41 v128) (local $p50 v128) (local $p51 v128)
    (local.set $end (i32.shl (local.get $d) (i32.const 2)))
    (loop $columns
      (local.set $c0 (v128.load (local.get $ct)))
      (local.set $c1 (v128.load offset=16 (local.get $ct)))
      (local.set $s (v128.load32_splat (i32.add (local.get $a0) (local.get $j))))
      (local.set $p00 (f32x4.add (local.get $p00) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p01 (f32x4.add (local.get $p01) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a1) (local.get $j))))
      (local.set $p10 (f32x4.add (local.get $p10) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p11 (f32x4.add (local.get $p11) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a2) (local.get $j))))
      (local.set $p20 (f32x4.add (local.get $p20) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p21 (f32x4.add (local.get $p21) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a3) (local.get $j))))
      (local.set $p30 (f32x4.add (local.get $p30) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p31 (f32x4.add (local.get $p31) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a4) (local.get $j))))
      (local.set $p40 (f32x4.add (local.get $p40) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p41 (f32x4.add (local.get $p41) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $s (v128.load32_splat (i32.add (local.get $a5) (local.get $j))))
      (local.set $p50 (f32x4.add (local.get $p50) (f32x4.mul (local.get $s) (local.get $c0))))
      (local.set $p51 (f32x4.add (local.get $p51) (f32x4.mul (local.get $s) (local.get $c1))))
      (local.set $ct (i32.add (local.get $ct) (local.get $stride)))
      (local.set $j (i32.add (local.get $j) (i32.const 4)))
      (br_if $columns (i32.lt_u (local.get $j) (local.get $end))))
    (v128.store offset=0 (local.get $out) (local.get $p00))
    (v128.store offset=16 (local.get $out) (local.get $p01))
    (v128.store offset=32 (local.get $out) (local.get $p10))
    (v128.store offset=48 (local.get $out) (local.get $p11))
    (v128.store offset=64 (local.get $out) (local.get $p20))
    (v128.store offset=80 (local.get $out) (local.get $p21))
    (v128.store offset=96 (local.get $out) (local.get $p30))
    (v128.store offset=112 (local.get $out) (local.get $p31))
    (v128.store offset=128 (local.get $out) (local.get $p40))
    (v128.store offset=144 (local.get $out) (local.get $p41))
    (v128.store offset=160 (local.get $out) (local.get $p50))
    (v128.store offset=176 (local.get $out) (local.get $p51)))

  ;; Address of row min(i, last) of x.
  (func $row (param $x i32) (param $rowBytes i32) (param $i i32) (param $last i32)
    (result i32)
    (i32.add (local.get $x)
      (i32.mul (local.get $rowBytes)
        (select (local.get $i) (local.get $last)
          (i32.lt_u (local.get $i) (local.get $last))))))

  ;; Folds 4 candidate values (lanes of dv, centroid indexes idx) into a
  ;; row's state at st: smallest value per lane (st), its index (st + 16),
  ;; second smallest per lane (st + 32). Strict < keeps the lower index.
  (func $fold (param $st i32) (param $dv v128) (param $idx v128)
    (local $m1 v128) (local $mask v128)
    (local.set $m1 (v128.load (local.get $st)))
    (local.set $mask (f32x4.lt (local.get $dv) (local.get $m1)))
    (v128.store offset=32 (local.get $st)
      (f32x4.min (v128.load offset=32 (local.get $st))
        (f32x4.max (local.get $dv) (local.get $m1))))
    (v128.store (local.get $st)
      (v128.bitselect (local.get $dv) (local.get $m1) (local.get $mask)))
    (v128.store offset=16 (local.get $st)
      (v128.bitselect (local.get $idx) (v128.load offset=16 (local.get $st))
        (local.get $mask))))

  ;; f64 dot product of an f32 row and an f64 row, summed j = 0..d-1.
  (func $dot64 (param $a i32) (param $c i32) (param $d i32) (result f64)
    (local $j i32) (local $sum f64)
    (block $done
      (loop $columns
        (br_if $done (i32.ge_u (local.get $j) (local.get $d)))
        (local.set $sum
          (f64.add (local.get $sum)
            (f64.mul
              (f64.promote_f32 (f32.load (i32.add (local.get $a)
                (i32.shl (local.get $j) (i32.const 2)))))
              (f64.load (i32.add (local.get $c)
                (i32.shl (local.get $j) (i32.const 3)))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $columns)))
    (local.get $sum))

  ;; ‖x‖² − 2 x·c + ‖c‖² in f64, as the scalar reference computes it.
  (func $distance64 (param $a i32) (param $pn f64) (param $c64 i32) (param $cn f64)
    (param $d i32) (result f64)
    (f64.add
      (f64.sub (local.get $pn)
        (f64.mul (f64.const 2) (call $dot64 (local.get $a) (local.get $c64) (local.get $d))))
      (local.get $cn)))

  ;; The nearest of k centroids to row a in f64 (ties: the lower index).
  (func $nearest64 (param $a i32) (param $pn f64) (param $d i32) (param $k i32)
    (param $c64 i32) (param $cn64 i32) (result i32)
    (local $c i32) (local $best f64) (local $bestC i32) (local $v f64)
    (local.set $best (f64.const inf))
    (block $done
      (loop $centroids
        (br_if $done (i32.ge_u (local.get $c) (local.get $k)))
        (local.set $v
          (call $distance64 (local.get $a) (local.get $pn)
            (i32.add (local.get $c64)
              (i32.shl (i32.mul (local.get $c) (local.get $d)) (i32.const 3)))
            (f64.load (i32.add (local.get $cn64) (i32.shl (local.get $c) (i32.const 3))))
            (local.get $d)))
        (if (f64.lt (local.get $v) (local.get $best))
          (then (local.set $best (local.get $v)) (local.set $bestC (local.get $c))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $centroids)))
    (local.get $bestC))

  ;; The nearest centroid from a row's folded state: the f32 winner when the
  ;; runner-up is more than `margin` behind, else the exact f64 search.
  (func $finish (param $st i32) (param $a i32) (param $pn f64) (param $margin f64)
    (param $d i32) (param $k i32) (param $c64 i32) (param $cn64 i32) (result i32)
    (local $l i32) (local $best f32) (local $bestC i32) (local $bestL i32)
    (local $second f32) (local $v f32) (local $c i32)
    (local.set $best (f32.const inf))
    (local.set $second (f32.const inf))
    (local.set $bestC (i32.const 0x7fffffff))
    (loop $lanes
      (local.set $v (f32.load (i32.add (local.get $st) (i32.shl (local.get $l) (i32.const 2)))))
      (local.set $c (i32.load offset=16 (i32.add (local.get $st) (i32.shl (local.get $l) (i32.const 2)))))
      (if (i32.or (f32.lt (local.get $v) (local.get $best))
            (i32.and (f32.eq (local.get $v) (local.get $best))
              (i32.lt_u (local.get $c) (local.get $bestC))))
        (then
          (local.set $second (f32.min (local.get $second) (local.get $best)))
          (local.set $best (local.get $v))
          (local.set $bestC (local.get $c))
          (local.set $bestL (local.get $l)))
        (else (local.set $second (f32.min (local.get $second) (local.get $v)))))
      (local.set $second (f32.min (local.get $second)
        (f32.load offset=32 (i32.add (local.get $st) (i32.shl (local.get $l) (i32.const 2))))))
      (local.set $l (i32.add (local.get $l) (i32.const 1)))
      (br_if $lanes (i32.lt_u (local.get $l) (i32.const 4))))
    (if (result i32)
      (f64.gt (f64.sub (f64.promote_f32 (local.get $second)) (f64.promote_f32 (local.get $best)))
        (local.get $margin))
      (then (local.get $bestC))
      (else (call $nearest64 (local.get $a) (local.get $pn) (local.get $d) (local.get $k)
        (local.get $c64) (local.get $cn64)))))

  ;; Nearest centroid of rows row0..row1-1 of x (n x d f32) into assign (i32).
  ;; ct: d x kp f32 centroids, transposed; cn: kp f32 norms (+inf padding);
  ;; c64/cn64: k x d f64 centroids and k f64 norms; pn: f64 row norms;
  ;; marginScale: a winner is taken without the f64 check when it leads by
  ;; more than marginScale (‖x‖² + cnMax); scratch: 480 bytes of this thread
  ;; (6 rows' accumulators, then 6 rows' folded states).
  (func $assign (export "assign")
    (param $x i32) (param $d i32) (param $row0 i32) (param $row1 i32)
    (param $ct i32) (param $cn i32) (param $kp i32) (param $k i32)
    (param $c64 i32) (param $cn64 i32) (param $pn i32)
    (param $marginScale f64) (param $cnMax f64) (param $assign i32) (param $scratch i32)
    (local $i i32) (local $r i32) (local $g i32) (local $rowBytes i32) (local $last i32)
    (local $st i32) (local $n0 v128) (local $n1 v128) (local $idx0 v128) (local $idx1 v128)
    (local $acc i32) (local $a i32) (local $pnv f64)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $last (i32.sub (local.get $row1) (i32.const 1)))
    (local.set $i (local.get $row0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $row1)))
        (local.set $r (i32.const 0))
        (loop $init
          (local.set $st (i32.add (i32.add (local.get $scratch) (i32.const 192))
            (i32.mul (local.get $r) (i32.const 48))))
          (v128.store (local.get $st) (f32x4.splat (f32.const inf)))
          (v128.store offset=16 (local.get $st) (v128.const i32x4 0 0 0 0))
          (v128.store offset=32 (local.get $st) (f32x4.splat (f32.const inf)))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $init (i32.lt_u (local.get $r) (i32.const 6))))
        (local.set $g (i32.const 0))
        (loop $groups
          (call $micro6
            (call $row (local.get $x) (local.get $rowBytes) (local.get $i) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 1)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 2)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 3)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 4)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 5)) (local.get $last))
            (i32.add (local.get $ct) (i32.shl (local.get $g) (i32.const 2)))
            (i32.shl (local.get $kp) (i32.const 2)) (local.get $d) (local.get $scratch))
          (local.set $n0 (v128.load (i32.add (local.get $cn) (i32.shl (local.get $g) (i32.const 2)))))
          (local.set $n1 (v128.load offset=16 (i32.add (local.get $cn) (i32.shl (local.get $g) (i32.const 2)))))
          (local.set $idx0 (i32x4.add (i32x4.splat (local.get $g)) (v128.const i32x4 0 1 2 3)))
          (local.set $idx1 (i32x4.add (local.get $idx0) (v128.const i32x4 4 4 4 4)))
          (local.set $r (i32.const 0))
          (loop $fold4
            (local.set $acc (i32.add (local.get $scratch) (i32.shl (local.get $r) (i32.const 5))))
            (local.set $st (i32.add (i32.add (local.get $scratch) (i32.const 192))
              (i32.mul (local.get $r) (i32.const 48))))
            (call $fold (local.get $st)
              (f32x4.sub (local.get $n0)
                (f32x4.add (v128.load (local.get $acc)) (v128.load (local.get $acc))))
              (local.get $idx0))
            (call $fold (local.get $st)
              (f32x4.sub (local.get $n1)
                (f32x4.add (v128.load offset=16 (local.get $acc))
                  (v128.load offset=16 (local.get $acc))))
              (local.get $idx1))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br_if $fold4 (i32.lt_u (local.get $r) (i32.const 6))))
          (local.set $g (i32.add (local.get $g) (i32.const 8)))
          (br_if $groups (i32.lt_u (local.get $g) (local.get $kp))))
        (local.set $r (i32.const 0))
        (loop $finishRows
          (if (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $row1))
            (then
              (local.set $a (i32.add (local.get $x)
                (i32.mul (local.get $rowBytes) (i32.add (local.get $i) (local.get $r)))))
              (local.set $pnv (f64.load (i32.add (local.get $pn)
                (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 3)))))
              (i32.store
                (i32.add (local.get $assign)
                  (i32.shl (i32.add (local.get $i) (local.get $r)) (i32.const 2)))
                (call $finish
                  (i32.add (i32.add (local.get $scratch) (i32.const 192))
                    (i32.mul (local.get $r) (i32.const 48)))
                  (local.get $a) (local.get $pnv)
                  (f64.mul (local.get $marginScale) (f64.add (local.get $pnv) (local.get $cnMax)))
                  (local.get $d) (local.get $k) (local.get $c64) (local.get $cn64)))))
          (local.set $r (i32.add (local.get $r) (i32.const 1)))
          (br_if $finishRows (i32.lt_u (local.get $r) (i32.const 6))))
        (local.set $i (i32.add (local.get $i) (i32.const 6)))
        (br $rows))))

  ;; Adds rows row0..row1-1 of x to the f64 sums (k x d) of their assigned
  ;; centroid and counts them (i32 counts), in row order.
  (func $accumulate (export "accumulate")
    (param $x i32) (param $d i32) (param $row0 i32) (param $row1 i32)
    (param $assign i32) (param $sums i32) (param $counts i32)
    (local $i i32) (local $c i32) (local $j i32) (local $a i32) (local $s i32)
    (local $v v128) (local $d4 i32) (local $p i32)
    (local.set $d4 (i32.and (local.get $d) (i32.const -4)))
    (local.set $i (local.get $row0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $row1)))
        (local.set $c (i32.load (i32.add (local.get $assign) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $p (i32.add (local.get $counts) (i32.shl (local.get $c) (i32.const 2))))
        (i32.store (local.get $p) (i32.add (i32.load (local.get $p)) (i32.const 1)))
        (local.set $a (i32.add (local.get $x)
          (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 2))))
        (local.set $s (i32.add (local.get $sums)
          (i32.shl (i32.mul (local.get $c) (local.get $d)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $vectorsDone
          (loop $vectors
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $d4)))
            (local.set $v (v128.load (i32.add (local.get $a) (i32.shl (local.get $j) (i32.const 2)))))
            (local.set $p (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3))))
            (v128.store (local.get $p)
              (f64x2.add (v128.load (local.get $p)) (f64x2.promote_low_f32x4 (local.get $v))))
            (v128.store offset=16 (local.get $p)
              (f64x2.add (v128.load offset=16 (local.get $p))
                (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7
                    (local.get $v) (local.get $v)))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $vectors)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $j) (local.get $d)))
            (local.set $p (i32.add (local.get $s) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $p)
              (f64.add (f64.load (local.get $p))
                (f64.promote_f32 (f32.load (i32.add (local.get $a)
                  (i32.shl (local.get $j) (i32.const 2)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $tail)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; f64 squared norm of each row row0..row1-1 of x, into pn.
  (func (export "rowNorms")
    (param $x i32) (param $d i32) (param $row0 i32) (param $row1 i32) (param $pn i32)
    (local $i i32) (local $j i32) (local $a i32) (local $sum f64) (local $v f64)
    (local.set $i (local.get $row0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $row1)))
        (local.set $a (i32.add (local.get $x)
          (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 2))))
        (local.set $sum (f64.const 0))
        (local.set $j (i32.const 0))
        (loop $columns
          (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $a)
            (i32.shl (local.get $j) (i32.const 2))))))
          (local.set $sum (f64.add (local.get $sum) (f64.mul (local.get $v) (local.get $v))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br_if $columns (i32.lt_u (local.get $j) (local.get $d))))
        (f64.store (i32.add (local.get $pn) (i32.shl (local.get $i) (i32.const 3)))
          (local.get $sum))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; max(0, ‖x‖² − 2 x·c + ‖c‖²) in f64 from each row row0..row1-1 to its
  ;; assigned centroid, into out (f64).
  (func (export "assignedDistances")
    (param $x i32) (param $d i32) (param $row0 i32) (param $row1 i32)
    (param $assign i32) (param $c64 i32) (param $cn64 i32) (param $pn i32) (param $out i32)
    (local $i i32) (local $c i32)
    (local.set $i (local.get $row0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $row1)))
        (local.set $c (i32.load (i32.add (local.get $assign) (i32.shl (local.get $i) (i32.const 2)))))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 3)))
          (f64.max (f64.const 0)
            (call $distance64
              (i32.add (local.get $x)
                (i32.shl (i32.mul (local.get $i) (local.get $d)) (i32.const 2)))
              (f64.load (i32.add (local.get $pn) (i32.shl (local.get $i) (i32.const 3))))
              (i32.add (local.get $c64)
                (i32.shl (i32.mul (local.get $c) (local.get $d)) (i32.const 3)))
              (f64.load (i32.add (local.get $cn64) (i32.shl (local.get $c) (i32.const 3))))
              (local.get $d))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; ‖c‖² − 2 x·c (f32) of rows row0..row1-1 of x with the kp transposed
  ;; columns of ct: out is (row1 − row0) x kp f32, row-major.
  (func (export "distanceBlock")
    (param $x i32) (param $d i32) (param $row0 i32) (param $row1 i32)
    (param $ct i32) (param $cn i32) (param $kp i32) (param $out i32) (param $scratch i32)
    (local $i i32) (local $r i32) (local $g i32) (local $rowBytes i32) (local $last i32)
    (local $acc i32) (local $o i32) (local $n0 v128) (local $n1 v128)
    (local.set $rowBytes (i32.shl (local.get $d) (i32.const 2)))
    (local.set $last (i32.sub (local.get $row1) (i32.const 1)))
    (local.set $i (local.get $row0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $row1)))
        (local.set $g (i32.const 0))
        (loop $groups
          (call $micro
            (call $row (local.get $x) (local.get $rowBytes) (local.get $i) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 1)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 2)) (local.get $last))
            (call $row (local.get $x) (local.get $rowBytes)
              (i32.add (local.get $i) (i32.const 3)) (local.get $last))
            (i32.add (local.get $ct) (i32.shl (local.get $g) (i32.const 2)))
            (i32.shl (local.get $kp) (i32.const 2)) (local.get $d) (local.get $scratch))
          (local.set $n0 (v128.load (i32.add (local.get $cn) (i32.shl (local.get $g) (i32.const 2)))))
          (local.set $n1 (v128.load offset=16 (i32.add (local.get $cn) (i32.shl (local.get $g) (i32.const 2)))))
          (local.set $r (i32.const 0))
          (loop $store4
            (if (i32.lt_u (i32.add (local.get $i) (local.get $r)) (local.get $row1))
              (then
                (local.set $acc (i32.add (local.get $scratch) (i32.shl (local.get $r) (i32.const 5))))
                (local.set $o (i32.add (local.get $out)
                  (i32.shl
                    (i32.add (local.get $g)
                      (i32.mul (local.get $kp)
                        (i32.sub (i32.add (local.get $i) (local.get $r)) (local.get $row0))))
                    (i32.const 2))))
                (v128.store (local.get $o)
                  (f32x4.sub (local.get $n0)
                    (f32x4.add (v128.load (local.get $acc)) (v128.load (local.get $acc)))))
                (v128.store offset=16 (local.get $o)
                  (f32x4.sub (local.get $n1)
                    (f32x4.add (v128.load offset=16 (local.get $acc))
                      (v128.load offset=16 (local.get $acc)))))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br_if $store4 (i32.lt_u (local.get $r) (i32.const 4))))
          (local.set $g (i32.add (local.get $g) (i32.const 8)))
          (br_if $groups (i32.lt_u (local.get $g) (local.get $kp))))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))
  ;; One Lloyd pass over chunks chunk0..chunk1-1 of chunkRows rows: assigns
  ;; each chunk's rows (as "assign") and adds them to that chunk's own sums
  ;; (k x d f64 at sums + chunk k d 8) and counts (k i32 at counts + chunk k 4),
  ;; so the totals, added chunk by chunk, do not depend on the thread count.
  (func (export "lloydChunks")
    (param $x i32) (param $d i32) (param $n i32) (param $chunkRows i32)
    (param $chunk0 i32) (param $chunk1 i32)
    (param $ct i32) (param $cn i32) (param $kp i32) (param $k i32)
    (param $c64 i32) (param $cn64 i32) (param $pn i32)
    (param $marginScale f64) (param $cnMax f64) (param $assign i32)
    (param $sums i32) (param $counts i32) (param $scratch i32)
    (local $chunk i32) (local $row0 i32) (local $row1 i32)
    (local.set $chunk (local.get $chunk0))
    (block $done
      (loop $chunks
        (br_if $done (i32.ge_u (local.get $chunk) (local.get $chunk1)))
        (local.set $row0 (i32.mul (local.get $chunk) (local.get $chunkRows)))
        (local.set $row1 (i32.add (local.get $row0) (local.get $chunkRows)))
        (if (i32.gt_u (local.get $row1) (local.get $n))
          (then (local.set $row1 (local.get $n))))
        (call $assign (local.get $x) (local.get $d) (local.get $row0) (local.get $row1)
          (local.get $ct) (local.get $cn) (local.get $kp) (local.get $k)
          (local.get $c64) (local.get $cn64) (local.get $pn)
          (local.get $marginScale) (local.get $cnMax) (local.get $assign) (local.get $scratch))
        (call $accumulate (local.get $x) (local.get $d) (local.get $row0) (local.get $row1)
          (local.get $assign)
          (i32.add (local.get $sums)
            (i32.shl (i32.mul (local.get $chunk) (i32.mul (local.get $k) (local.get $d)))
              (i32.const 3)))
          (i32.add (local.get $counts)
            (i32.shl (i32.mul (local.get $chunk) (local.get $k)) (i32.const 2))))
        (local.set $chunk (i32.add (local.get $chunk) (i32.const 1)))
        (br $chunks))))
  ;; Covariance products of one block of centred rows, stored by column
  ;; pair: value (pair p, row r, column 2p + l) at block + ((p stride + r) 2 + l) 8.
  ;; For column pairs a = 2 pa (pa = p0, p0 + pStep, ...) and b = 2 pb >= a,
  ;; adds Σ_r x_a y_b (r = 0..rows-1, in order) to sums (width x width f64),
  ;; 2 x 2 entries per pair: each lane sums as the scalar loop does.
  (func $prod4 (param $xa i32) (param $yb i32) (param $rows i32) (param $stride i32)
    (param $out i32) (param $width i32)
    (local $r i32) (local $end i32) (local $pair i32) (local $x0 v128) (local $x1 v128)
    (local $y v128) (local $s00 v128) (local $s10 v128) (local $s01 v128) (local $s11 v128)
    (local $s02 v128) (local $s12 v128) (local $s03 v128) (local $s13 v128) (local $row i32)
    (local.set $pair (i32.shl (local.get $stride) (i32.const 4)))
    (local.set $end (i32.shl (local.get $rows) (i32.const 4)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $x0 (v128.load64_splat (i32.add (local.get $xa) (local.get $r))))
        (local.set $x1 (v128.load64_splat offset=8 (i32.add (local.get $xa) (local.get $r))))
        (local.set $row (i32.add (local.get $yb) (local.get $r)))
        (local.set $y (v128.load (local.get $row)))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $row (i32.add (local.get $row) (local.get $pair)))
        (local.set $y (v128.load (local.get $row)))
        (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $row (i32.add (local.get $row) (local.get $pair)))
        (local.set $y (v128.load (local.get $row)))
        (local.set $s02 (f64x2.add (local.get $s02) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s12 (f64x2.add (local.get $s12) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $row (i32.add (local.get $row) (local.get $pair)))
        (local.set $y (v128.load (local.get $row)))
        (local.set $s03 (f64x2.add (local.get $s03) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s13 (f64x2.add (local.get $s13) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $rowsLoop)))
    (call $addPair (local.get $out) (local.get $width) (local.get $s00) (local.get $s10))
    (call $addPair (i32.add (local.get $out) (i32.const 16)) (local.get $width)
      (local.get $s01) (local.get $s11))
    (call $addPair (i32.add (local.get $out) (i32.const 32)) (local.get $width)
      (local.get $s02) (local.get $s12))
    (call $addPair (i32.add (local.get $out) (i32.const 48)) (local.get $width)
      (local.get $s03) (local.get $s13)))

  (func $prod1 (param $xa i32) (param $yb i32) (param $rows i32) (param $out i32)
    (param $width i32)
    (local $r i32) (local $end i32) (local $x0 v128) (local $x1 v128) (local $y v128)
    (local $s00 v128) (local $s10 v128)
    (local.set $end (i32.shl (local.get $rows) (i32.const 4)))
    (block $done
      (loop $rowsLoop
        (br_if $done (i32.ge_u (local.get $r) (local.get $end)))
        (local.set $x0 (v128.load64_splat (i32.add (local.get $xa) (local.get $r))))
        (local.set $x1 (v128.load64_splat offset=8 (i32.add (local.get $xa) (local.get $r))))
        (local.set $y (v128.load (i32.add (local.get $yb) (local.get $r))))
        (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y))))
        (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y))))
        (local.set $r (i32.add (local.get $r) (i32.const 16)))
        (br $rowsLoop)))
    (call $addPair (local.get $out) (local.get $width) (local.get $s00) (local.get $s10)))

  ;; sums[a][b..b+1] += top; sums[a+1][b..b+1] += bottom (out = &sums[a][b]).
  (func $addPair (param $out i32) (param $width i32) (param $top v128) (param $bottom v128)
    (local $next i32)
    (v128.store (local.get $out) (f64x2.add (v128.load (local.get $out)) (local.get $top)))
    (local.set $next (i32.add (local.get $out) (i32.shl (local.get $width) (i32.const 3))))
    (v128.store (local.get $next)
      (f64x2.add (v128.load (local.get $next)) (local.get $bottom))))

  (func (export "blockProducts")
    (param $block i32) (param $pairs i32) (param $rows i32) (param $stride i32)
    (param $sums i32) (param $p0 i32) (param $pStep i32)
    (local $pa i32) (local $pb i32) (local $width i32) (local $pairBytes i32)
    (local $xa i32) (local $out i32)
    (local.set $width (i32.shl (local.get $pairs) (i32.const 1)))
    (local.set $pairBytes (i32.shl (local.get $stride) (i32.const 4)))
    (local.set $pa (local.get $p0))
    (block $done
      (loop $aLoop
        (br_if $done (i32.ge_u (local.get $pa) (local.get $pairs)))
        (local.set $xa (i32.add (local.get $block)
          (i32.mul (local.get $pa) (local.get $pairBytes))))
        (local.set $pb (local.get $pa))
        (block $bDone
          (loop $bLoop
            (br_if $bDone (i32.ge_u (local.get $pb) (local.get $pairs)))
            (local.set $out (i32.add (local.get $sums)
              (i32.shl
                (i32.add (i32.mul (i32.shl (local.get $pa) (i32.const 1)) (local.get $width))
                  (i32.shl (local.get $pb) (i32.const 1)))
                (i32.const 3))))
            (if (i32.le_u (i32.add (local.get $pb) (i32.const 4)) (local.get $pairs))
              (then
                (call $prod4 (local.get $xa)
                  (i32.add (local.get $block) (i32.mul (local.get $pb) (local.get $pairBytes)))
                  (local.get $rows) (local.get $stride) (local.get $out) (local.get $width))
                (local.set $pb (i32.add (local.get $pb) (i32.const 4))))
              (else
                (call $prod1 (local.get $xa)
                  (i32.add (local.get $block) (i32.mul (local.get $pb) (local.get $pairBytes)))
                  (local.get $rows) (local.get $out) (local.get $width))
                (local.set $pb (i32.add (local.get $pb) (i32.const 1)))))
            (br $bLoop)))
        (local.set $pa (i32.add (local.get $pa) (local.get $pStep)))
        (br $aLoop))))
)
