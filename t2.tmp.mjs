import { serialize } from 'cookie'
const N=200000
const opts = { originalMaxAge: 3600000, expires: new Date(Date.now()+3600000), httpOnly: true, path: '/', secure: undefined, domain: undefined, sameSite: undefined, partitioned: undefined, priority: undefined }
const v='s:ThXxR9SblkvtHAMFAnGot8J69Cs1aIR3.SbKmI5R8YHdWPIfEVEEyfhEpHJxQUurC7gDpfR3Ork8'
let t=process.hrtime.bigint()
for (let i=0;i<N;i++) serialize('connect.sid', v, opts)
console.log('serialize', Number(process.hrtime.bigint()-t)/N/1000)
t=process.hrtime.bigint()
for (let i=0;i<N;i++) opts.expires.toUTCString()
console.log('toUTCString', Number(process.hrtime.bigint()-t)/N/1000)
t=process.hrtime.bigint()
for (let i=0;i<N;i++) encodeURIComponent(v)
console.log('encodeURIComponent', Number(process.hrtime.bigint()-t)/N/1000)
