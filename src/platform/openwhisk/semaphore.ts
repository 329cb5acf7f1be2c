/**
 * A controller's memory-slot semaphore for one invoker (OpenWhisk's ForcibleSemaphore, used through
 * NestedSemaphore with maxConcurrent = 1): permits are MiB. `forceAcquire` may drive the permits
 * negative, which is how the overload rule sends work to a full invoker.
 */
export class MemorySemaphore {
  constructor(public permits: number) {}

  tryAcquire(memoryMiB: number): boolean {
    if (this.permits < memoryMiB) return false;
    this.permits -= memoryMiB;
    return true;
  }

  forceAcquire(memoryMiB: number): void {
    this.permits -= memoryMiB;
  }

  release(memoryMiB: number): void {
    this.permits += memoryMiB;
  }
}
