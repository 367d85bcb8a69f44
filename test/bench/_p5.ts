import { EventEmitter } from 'eventemitter3';
import { createBus } from '../../src/index';
let sink = 0;
const bus = createBus<{ a: number }>();
const ee = new EventEmitter();
const h0 = (x: number) => { sink += x; };
const h = (x: number) => { sink -= x; };
bus.subscribe('a', h0); ee.on('a', h0);
const N = 3e6;
for (let r = 0; r < 5; r++) {
let t0 = performance.now();
for (let i = 0; i < N; i++) bus.subscribe('a', h)();
const a = (N / (performance.now() - t0)) * 1000 / 1e6;
t0 = performance.now();
for (let i = 0; i < N; i++) { ee.on('a', h); ee.off('a', h); }
const b = (N / (performance.now() - t0)) * 1000 / 1e6;
console.log('hubbub', a.toFixed(2), 'ee3', b.toFixed(2));
}
