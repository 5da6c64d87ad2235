/**
 * Where outbox entries go: PutEvents to an EventBridge-compatible server (--events-endpoint),
 * Publish to an SNS-compatible server (--sns-endpoint), and a POST of JSON to a webhook
 * (--webhook). Each send throws on failure (refused, 5xx, unreachable, a failed PutEvents entry);
 * the delivery worker records the error and retries.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { OutboxEntry, OutboxSink } from '../../store/repos/outbox-store.js';
import type { BackupEventEnvelope } from '../common/events.js';

/** An AWS-compatible endpoint and the credentials Holdfast signs with (like --s3-endpoint). */
export interface PeerEndpoint {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SinkOptions {
  eventBridge?: PeerEndpoint;
  sns?: PeerEndpoint;
  /** Every entry is POSTed here as JSON. */
  webhook?: string;
}

/** The SNS Publish input an entry of channel sns carries as its payload. */
export interface SnsPayload {
  Subject: string;
  Message: string;
  MessageAttributes: Record<string, { DataType: 'String'; StringValue: string }>;
}

export interface Sink {
  send(entry: OutboxEntry): Promise<void>;
  close(): void;
}

/** How long a delivery may take before it counts as failed (ms). */
const TIMEOUT_MS = 10_000;

/** One client per Region: each event goes to its own Region's default bus or topic. */
class Clients<C extends { destroy(): void }> {
  private readonly byRegion = new Map<string, C>();
  constructor(private readonly make: (region: string) => C) {}
  get(region: string): C {
    let c = this.byRegion.get(region);
    if (!c) this.byRegion.set(region, (c = this.make(region)));
    return c;
  }
  close(): void {
    for (const c of this.byRegion.values()) c.destroy();
    this.byRegion.clear();
  }
}

const clientConfig = (peer: PeerEndpoint, region: string) => ({
  endpoint: peer.endpoint,
  region,
  credentials: { accessKeyId: peer.accessKeyId, secretAccessKey: peer.secretAccessKey },
  // The worker retries with its own backoff; one attempt here keeps the error visible.
  maxAttempts: 1,
});

class EventBridgeSink implements Sink {
  private readonly clients: Clients<EventBridgeClient>;
  constructor(peer: PeerEndpoint) {
    this.clients = new Clients((region) => new EventBridgeClient(clientConfig(peer, region)));
  }
  async send(entry: OutboxEntry): Promise<void> {
    const e = entry.payload as BackupEventEnvelope;
    const out = await this.clients.get(e.region).send(
      new PutEventsCommand({
        Entries: [{ Source: e.source, DetailType: e['detail-type'], Detail: JSON.stringify(e.detail), Resources: e.resources, Time: new Date(e.time), EventBusName: 'default' }],
      }),
      { abortSignal: AbortSignal.timeout(TIMEOUT_MS) },
    );
    const failed = out.Entries?.[0];
    if (out.FailedEntryCount || failed?.ErrorCode) throw new Error(`PutEvents refused the event: ${failed?.ErrorCode ?? ''} ${failed?.ErrorMessage ?? ''}`.trim());
  }
  close(): void {
    this.clients.close();
  }
}

class SnsSink implements Sink {
  private readonly clients: Clients<SNSClient>;
  constructor(peer: PeerEndpoint) {
    this.clients = new Clients((region) => new SNSClient(clientConfig(peer, region)));
  }
  async send(entry: OutboxEntry): Promise<void> {
    const p = entry.payload as SnsPayload;
    await this.clients
      .get(entry.target.split(':')[3] ?? entry.region)
      .send(new PublishCommand({ TopicArn: entry.target, ...p }), { abortSignal: AbortSignal.timeout(TIMEOUT_MS) });
  }
  close(): void {
    this.clients.close();
  }
}

/**
 * node:http(s) with a keep-alive agent rather than fetch: about three times the deliveries per
 * second on a loaded machine (a year of plans makes 100,000 events).
 */
class WebhookSink implements Sink {
  private readonly agent: HttpAgent;
  private readonly post: typeof httpRequest;

  constructor(private readonly url: string) {
    const secure = url.startsWith('https:');
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 64 }) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
    this.post = secure ? httpsRequest : httpRequest;
  }

  send(entry: OutboxEntry): Promise<void> {
    const body = JSON.stringify({ seq: entry.seq, channel: entry.channel, target: entry.target, payload: entry.payload });
    return new Promise((resolve, reject) => {
      const req = this.post(
        this.url,
        { method: 'POST', agent: this.agent, timeout: TIMEOUT_MS, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
        (res) => {
          res.resume();
          res.on('error', reject);
          res.on('end', () => (res.statusCode! < 300 ? resolve() : reject(new Error(`The webhook answered HTTP ${res.statusCode}.`))));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`The webhook did not answer within ${TIMEOUT_MS / 1000} s.`)));
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The configured sinks by name. */
export function makeSinks(options: SinkOptions): Map<OutboxSink, Sink> {
  const sinks = new Map<OutboxSink, Sink>();
  if (options.eventBridge) sinks.set('eventbridge', new EventBridgeSink(options.eventBridge));
  if (options.sns) sinks.set('sns', new SnsSink(options.sns));
  if (options.webhook) sinks.set('webhook', new WebhookSink(options.webhook));
  return sinks;
}
