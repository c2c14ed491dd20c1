import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, pipeline, Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import {
  assertSha256,
  HashMismatchError,
  stagedBlob,
  sweepTempDir,
  writeTempFile,
  type StorageDriver,
  type TempFile,
} from './storage.js';

export interface S3StorageOptions {
  /** URL of an S3-compatible service (MinIO, Ceph, a cloud provider); unset: AWS S3 of `region`. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Address the bucket in the path (`host/bucket/key`) rather than in the host name (most non-AWS services). */
  forcePathStyle: boolean;
  /** Prepended to every object key, e.g. `provincecomuni/`; a missing final `/` is added. */
  prefix?: string;
  /** Local folder where uploads are received and hashed before they are sent to the bucket. */
  tempDir: string;
}

export interface S3Storage extends StorageDriver {
  readonly bucket: string;
  /** The client the driver sends its requests with. */
  readonly client: S3Client;
  /** The object key of a blob: `<prefix>ab/cd/<sha256>`. */
  keyOf(sha256: string): string;
}

/** Parts of a multipart upload, kept in memory while they are sent (the smallest S3 accepts); larger files go in parts. */
const PART_SIZE = 5 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;

const httpStatus = (err: unknown) => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const isNotFound = (err: unknown) => {
  const name = (err as { name?: string }).name;
  return name === 'NotFound' || name === 'NoSuchKey' || httpStatus(err) === 404;
};

/** The error of a missing blob, as the filesystem driver reports it. */
function missingBlob(key: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`ENOENT: no such object, ${key}`);
  err.code = 'ENOENT';
  return err;
}

/**
 * S3 driver: a blob is the object `<prefix>ab/cd/<sha256>` of `bucket`, a key built only from the hex
 * hash (checked), never from anything a user sends. Uploads are first written to a temporary file in
 * `tempDir`, hashed and size-limited on the way, and sent to the bucket only when complete and only if
 * the object is not there yet: an object is written once and never changes. A PUT is atomic (a
 * multipart upload becomes visible only when completed), so an interrupted upload never leaves a
 * partial blob under its hash.
 */
export function createS3Storage(opts: S3StorageOptions): S3Storage {
  const { bucket, tempDir } = opts;
  const prefix = opts.prefix ? opts.prefix.replace(/\/*$/, '/') : '';
  const config: S3ClientConfig = {
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    credentials: { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey },
    // integrity checksums only where the API requires them: not every S3-compatible service accepts them
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (opts.endpoint) config.endpoint = opts.endpoint;
  const client = new S3Client(config);

  const keyOf = (sha256: string) => {
    assertSha256(sha256);
    return `${prefix}${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
  };

  const has = async (sha256: string) => {
    const Key = keyOf(sha256);
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };

  /** Sends a complete temporary file to the bucket unless the blob is already there; removes the file. */
  async function place(t: TempFile) {
    try {
      if (await has(t.sha256)) return;
      // a concurrent upload of the same bytes may complete first: replacing equal bytes is harmless
      await new Upload({
        client,
        params: {
          Bucket: bucket,
          Key: keyOf(t.sha256),
          Body: createReadStream(t.path),
          ContentLength: t.size,
          ContentType: 'application/octet-stream',
        },
        partSize: PART_SIZE,
        queueSize: PARTS_IN_FLIGHT,
      }).done();
    } finally {
      await rm(t.path, { force: true });
    }
  }

  return {
    bucket,
    client,
    keyOf,

    async put(sha256, data) {
      keyOf(sha256);
      const t = await writeTempFile(tempDir, data, Number.POSITIVE_INFINITY);
      if (t.sha256 !== sha256) {
        await rm(t.path, { force: true });
        throw new HashMismatchError(sha256, t.sha256);
      }
      await place(t);
    },

    get(sha256) {
      const Key = keyOf(sha256);
      const out = new PassThrough();
      const abort = new AbortController();
      // a reader that gives up before the object arrives cancels the request
      const cancel = () => abort.abort();
      out.once('close', cancel);
      client.send(new GetObjectCommand({ Bucket: bucket, Key }), { abortSignal: abort.signal }).then(
        (res) => {
          out.off('close', cancel);
          if (out.destroyed) {
            (res.Body as Readable | undefined)?.destroy?.();
            return;
          }
          if (!(res.Body instanceof Readable)) {
            out.destroy(new Error(`Unexpected body for object ${Key}`));
            return;
          }
          // errors of either side destroy both: a failed download ends the response, a closed response the download
          pipeline(res.Body, out, () => {});
        },
        (err: unknown) => {
          out.off('close', cancel);
          out.destroy(isNotFound(err) ? missingBlob(Key) : (err as Error));
        },
      );
      return out;
    },

    has,

    async delete(sha256) {
      // deleting a missing object succeeds, like `rm --force`
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: keyOf(sha256) }));
    },

    async stage(data, stageOpts = {}) {
      const t = await writeTempFile(tempDir, data, stageOpts.maxBytes ?? Number.POSITIVE_INFINITY);
      return stagedBlob(t, place);
    },

    sweepTemp: (maxAgeMs) => sweepTempDir(tempDir, maxAgeMs),

    close() {
      client.destroy();
    },
  };
}
