import {
  Global,
  Injectable,
  Logger,
  Module,
  OnApplicationBootstrap,
  OnModuleDestroy,
  SetMetadata,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { Runner, TaskList } from 'graphile-worker';
import { AppConfig } from '../config/app-config';
import { rows, TransactionHost } from '../common/transactions';
import { JOB_SCHEMA } from './job-runner-schema';

const JOB_TASK_KEY = 'jobs:task';

export interface JobTaskOptions {
  /** The task's name in the job queue (letters, digits, underscores). */
  task: string;
  /** A crontab schedule (`* * * * *`: every minute), in the server's time zone. */
  crontab?: string;
  /** Also run once as soon as the runner has started. */
  atStart?: boolean;
}

/**
 * Makes a provider's method a task of the product's one job runner: adding a task, or a
 * scheduled one, is this one line on the method that does the work, e.g.
 * `@JobTask({ task: 'send_due_messages', crontab: '* * * * *' })`. The method gets the job's
 * payload and must be safe to run on several instances at once (they share the queue).
 */
export const JobTask = (options: JobTaskOptions) => SetMetadata(JOB_TASK_KEY, options);

interface DiscoveredTask extends JobTaskOptions {
  run: (payload: unknown) => Promise<unknown>;
}

/** Jobs running at once in one instance. */
const CONCURRENCY = 2;

/**
 * The product's one job runner: graphile-worker on the application's own PostgreSQL pool, every
 * instance a worker of the same queue (jobs are taken with row locks; a cron tick is scheduled
 * once whatever the number of instances). Started in the background once the application has
 * bootstrapped, so start-up is not slower; stopped (running jobs finish) before the pool closes.
 * `JOB_RUNNER_ENABLED=false` leaves it off in an instance; jobs added meanwhile wait in the queue
 * for an instance that runs it.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('JobRunner');
  private runner?: Runner;
  private starting?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
    private readonly txHost: TransactionHost,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.JOB_RUNNER_ENABLED) return;
    const tasks = this.discoverTasks();
    if (!tasks.length) return;
    this.starting = this.start(tasks).catch((err: unknown) => {
      this.logger.error(
        `The job runner did not start (reminders are not sent by this instance): ${err instanceof Error ? err.message : String(err)}`,
      );
    });
  }

  /** Resolves once the runner has started (or failed to): for tests and the CLI. */
  async started(): Promise<boolean> {
    await this.starting;
    return this.runner !== undefined;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.starting;
    const runner = this.runner;
    this.runner = undefined;
    await runner?.stop().catch((err: unknown) => {
      this.logger.warn(`Stopping the job runner: ${String(err)}`);
    });
  }

  private discoverTasks(): DiscoveredTask[] {
    const tasks: DiscoveredTask[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method = instance[name] as (payload: unknown) => Promise<unknown>;
        const options = this.reflector.get<JobTaskOptions | undefined>(JOB_TASK_KEY, method);
        if (options) tasks.push({ ...options, run: (payload) => method.call(instance, payload) });
      }
    }
    return tasks;
  }

  private async start(tasks: DiscoveredTask[]): Promise<void> {
    // Loaded only when the runner runs: a second of start-up on a busy machine otherwise.
    const { run, parseCronItems, Logger: WorkerLogger } = await import('graphile-worker');
    if (this.stopped) return;
    const taskList: TaskList = Object.fromEntries(
      tasks.map((t) => [t.task, async (payload: unknown) => void (await t.run(payload))]),
    );
    const cron = parseCronItems(
      tasks
        .filter((t) => t.crontab)
        .map((t) => ({
          task: t.task,
          match: t.crontab!,
          identifier: t.task,
          // A missed tick is not made up for: the next one does the same work. An unstarted job
          // of the previous tick is replaced rather than piled up.
          options: { backfillPeriod: 0, maxAttempts: 1, jobKey: `cron:${t.task}` },
        })),
    );
    const log = this.logger;
    this.runner = await run(
      {
        pgPool: this.txHost.pool,
        schema: JOB_SCHEMA,
        concurrency: CONCURRENCY,
        noHandleSignals: true,
        pollInterval: this.config.JOB_POLL_INTERVAL_MS,
        logger: new WorkerLogger(() => (level, message) => {
          if (level === 'error') log.error(message);
          else if (level === 'warning') log.warn(message);
          else log.debug(message);
        }),
      },
      taskList,
      cron,
    );
    for (const t of tasks.filter((x) => x.atStart)) {
      await rows(
        this.txHost,
        `SELECT 1 FROM ${JOB_SCHEMA}.add_job($1::text, job_key := $2::text)`,
        [t.task, `start:${t.task}`],
      );
    }
  }
}

/**
 * Adds a job to the queue in the current transaction (it exists only if the transaction commits):
 * how a change asks for work at once. `jobKey` makes one pending job of many requests.
 */
@Injectable()
export class JobQueue {
  constructor(private readonly txHost: TransactionHost) {}

  async add(task: string, opts: { jobKey?: string; runAt?: Date } = {}): Promise<void> {
    await rows(
      this.txHost,
      `SELECT 1 FROM ${JOB_SCHEMA}.add_job($1::text, job_key := $2::text, run_at := $3::timestamptz,
         max_attempts := 3)`,
      [task, opts.jobKey ?? null, opts.runAt ?? null],
    );
  }
}

/** The job runner and its queue, for every module. */
@Global()
@Module({ imports: [DiscoveryModule], providers: [JobRunner, JobQueue], exports: [JobQueue] })
export class JobsModule {}
