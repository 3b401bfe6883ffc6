// The Azure Blob Storage endpoints @actions/cache reaches through the signed URLs the cache service
// hands out: on save, @azure/storage-blob's BlockBlobClient.uploadFile (one `PUT` with
// `x-ms-blob-type: BlockBlob` up to 128 MiB, else `PUT ?comp=block` per block and `PUT ?comp=blocklist`);
// on restore, a plain `GET` from @actions/http-client (hosts outside *.blob.core.windows.net), or on
// github.com's own storage the SDK's `HEAD` (getProperties) and ranged `GET`s (downloadToBuffer).
import type { IncomingMessage, ServerResponse } from 'node:http'

/** A blob: committed bytes, and blocks staged but not yet committed. */
export interface StoredBlob {
  data?: Buffer
  blocks: Map<string, Buffer>
  lastModified: Date
}

/** Azure's error shape: XML with a code, and the code again in `x-ms-error-code`. */
export function storageError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml', 'x-ms-error-code': code })
  res.end(
    `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`
  )
}

function common(blob: StoredBlob): Record<string, string> {
  return {
    etag: `"0x${blob.lastModified.getTime().toString(16).toUpperCase()}"`,
    'last-modified': blob.lastModified.toUTCString(),
    'x-ms-request-id': crypto.randomUUID(),
    'x-ms-version': '2025-01-05'
  }
}

/** Answers one blob request, `write` or read access already checked. */
export function serveBlob(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  body: Buffer,
  blobs: Map<string, StoredBlob>,
  name: string
): void {
  const comp = url.searchParams.get('comp')
  if (req.method === 'PUT') {
    const blob: StoredBlob = blobs.get(name) ?? { blocks: new Map(), lastModified: new Date() }
    blobs.set(name, blob)
    blob.lastModified = new Date()
    if (comp === 'block') {
      const id = url.searchParams.get('blockid')
      if (!id) return storageError(res, 400, 'InvalidQueryParameterValue', 'blockid is required')
      blob.blocks.set(id, body)
      res.writeHead(201, common(blob))
      return void res.end()
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
        (m) => m[1]!
      )
      const parts = ids.map((id) => blob.blocks.get(id))
      if (parts.some((part) => part === undefined))
        return storageError(res, 400, 'InvalidBlockList', 'The specified block list is invalid.')
      blob.data = Buffer.concat(parts as Buffer[])
      blob.blocks.clear()
      res.writeHead(201, common(blob))
      return void res.end()
    }
    if (comp !== null) return storageError(res, 400, 'UnsupportedQueryParameter', `comp=${comp}`)
    if (req.headers['x-ms-blob-type'] !== 'BlockBlob')
      return storageError(res, 400, 'MissingRequiredHeader', 'x-ms-blob-type must be BlockBlob')
    blob.data = body
    res.writeHead(201, common(blob))
    return void res.end()
  }
  const blob = blobs.get(name)
  if (blob?.data === undefined)
    return storageError(res, 404, 'BlobNotFound', 'The specified blob does not exist.')
  const headers = {
    ...common(blob),
    'x-ms-blob-type': 'BlockBlob',
    'accept-ranges': 'bytes',
    'content-type': 'application/octet-stream'
  }
  if (req.method === 'HEAD') {
    res.writeHead(200, { ...headers, 'content-length': String(blob.data.length) })
    return void res.end()
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''))
  if (range === null) {
    res.writeHead(200, { ...headers, 'content-length': String(blob.data.length) })
    return void res.end(blob.data)
  }
  const start = Number(range[1])
  const end = range[2] ? Math.min(Number(range[2]), blob.data.length - 1) : blob.data.length - 1
  if (start >= blob.data.length)
    return storageError(res, 416, 'InvalidRange', 'The range specified is invalid.')
  const part = blob.data.subarray(start, end + 1)
  res.writeHead(206, {
    ...headers,
    'content-length': String(part.length),
    'content-range': `bytes ${start}-${end}/${blob.data.length}`
  })
  res.end(part)
}
