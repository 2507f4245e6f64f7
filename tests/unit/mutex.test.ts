import { Mutex } from '@app/server/src/platform/mutex';
import { deferred, settle } from '../fakes/deferred';

describe(Mutex.name, () => {
  it('runs tasks one at a time, in the order they arrived', async () => {
    const mutex = new Mutex();
    const events: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (name: string, ms: number) => async () => {
      active += 1;
      maxActive = Math.max(maxActive, active);
      events.push(`start ${name}`);
      await new Promise((ok) => setTimeout(ok, ms));
      events.push(`end ${name}`);
      active -= 1;
      return name;
    };
    const results = await Promise.all([mutex.run(task('a', 30)), mutex.run(task('b', 0)), mutex.run(task('c', 10))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(maxActive).toBe(1);
  });

  it('does not start the next task before the running one settles', async () => {
    const mutex = new Mutex();
    const gate = deferred<void>();
    let secondStarted = false;
    const first = mutex.run(() => gate.promise);
    const second = mutex.run(async () => {
      secondStarted = true;
    });
    await settle();
    expect(secondStarted).toBe(false);
    gate.resolve();
    await first;
    await second;
    expect(secondStarted).toBe(true);
  });

  it('hands a rejection to its caller and still runs the next task', async () => {
    const mutex = new Mutex();
    const failing = mutex.run(async () => {
      throw new Error('boom');
    });
    const throwingSync = mutex.run((): Promise<never> => {
      throw new Error('sync boom');
    });
    const next = mutex.run(async () => 'next ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(throwingSync).rejects.toThrow('sync boom');
    await expect(next).resolves.toBe('next ran');
  });
});
