// Usage: node check.mjs <emulator base URL> vertex <bearer token>
//        node check.mjs <emulator base URL> apikey <API key>
// Calls the emulator the way Google's own client calls Vertex AI, or the Gemini Developer API with an API key, and
// fails loudly on any wrong answer.
import { readFileSync, rmSync } from 'node:fs';
import { GenerateVideosOperation, GoogleGenAI, Type } from '@google/genai';

const [baseUrl, mode, secret] = process.argv.slice(2);
const apiKeyMode = mode === 'apikey';
const headers = { Authorization: `Bearer ${secret}` };
const ai = apiKeyMode
  ? new GoogleGenAI({ apiKey: secret, httpOptions: { baseUrl } })
  : new GoogleGenAI({
    vertexai: true,
    project: 'genai-client-project',
    location: 'us-central1',
    httpOptions: { baseUrl, headers },
    googleAuthOptions: { authClient: { getRequestHeaders: async () => new Headers(headers) } },
  });

function check(condition, message) {
  if (!condition) {
    console.error(`FAILED: ${message}`);
    process.exit(1);
  }
  console.log(`ok: ${message}`);
}

const script = await ai.models.generateContent({
  model: 'gemini-3-flash-preview',
  contents: 'Lesson title: Loops\n\nLesson text:\nA loop repeats work. The for loop walks over a list.',
  config: {
    responseMimeType: 'application/json',
    responseSchema: {
      type: Type.OBJECT,
      properties: { title: { type: Type.STRING }, scenes: { type: Type.ARRAY, items: { type: Type.OBJECT } } },
      required: ['title', 'scenes'],
    },
  },
});
const parsed = JSON.parse(script.text);
check(typeof parsed.title === 'string' && parsed.scenes.length > 0, 'generateContent with a response schema answers the JSON asked for');

const speech = await ai.models.generateContent({
  model: apiKeyMode ? 'gemini-2.5-flash-preview-tts' : 'gemini-2.5-flash-tts',
  contents: 'Say this: loops repeat work.',
  config: { responseModalities: ['AUDIO'], speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } } },
});
const audio = speech.candidates[0].content.parts[0].inlineData;
check(audio.mimeType.startsWith('audio/L16') && Buffer.from(audio.data, 'base64').length > 1000, 'TTS answers PCM audio');

let operation;
if (apiKeyMode) {
  // This SDK no longer starts Veo in API-key mode; the start is sent as the REST reference gives it (no generateAudio:
  // the Gemini API always makes sound), and the SDK reads the operation and downloads the video.
  const started = await fetch(`${baseUrl}/v1beta/models/veo-3.1-generate-preview:predictLongRunning`, {
    method: 'POST',
    headers: { 'x-goog-api-key': secret, 'content-type': 'application/json' },
    body: JSON.stringify({ instances: [{ prompt: 'A calm shot of a loop of film' }], parameters: { durationSeconds: 4, aspectRatio: '16:9' } }),
  });
  operation = Object.assign(new GenerateVideosOperation(), await started.json());
} else {
  operation = await ai.models.generateVideos({
    model: 'veo-3.1-fast-generate-001',
    prompt: 'A calm shot of a loop of film',
    config: { durationSeconds: 4, generateAudio: true, aspectRatio: '16:9' },
  });
}
check(typeof operation.name === 'string' && operation.name.includes('/operations/'), 'generateVideos starts an operation');
for (let polls = 0; !operation.done && polls < 100; polls++) {
  await new Promise((resolve) => setTimeout(resolve, 100));
  operation = await ai.operations.getVideosOperation({ operation });
}
check(operation.done, 'the operation finishes');
const video = operation.response.generatedVideos[0].video;
let bytes;
if (apiKeyMode) {
  check(typeof video.uri === 'string' && video.uri.includes('/files/'), 'the video arrives as a file to download');
  // The SDK reads the file's id from an https:// address, as Google's are; the emulator on loopback speaks http.
  const file = { video: { ...video, uri: video.uri.replace(/^http:/, 'https:') } };
  await ai.files.download({ file, downloadPath: 'downloaded.mp4' });
  bytes = readFileSync('downloaded.mp4');
  rmSync('downloaded.mp4');
} else {
  bytes = Buffer.from(video.videoBytes, 'base64');
}
check(bytes.subarray(4, 8).toString() === 'ftyp', 'the video arrives as MP4 bytes');
