export { EventHeap } from './heap.js';
export { Simulation } from './simulation.js';
export type { Handler, EventId } from './simulation.js';
export { RandomStreams } from './random.js';
export type { Random } from './random.js';
