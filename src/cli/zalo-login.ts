/**
 * `npm run zalo:login`: links the personal Zalo account the assistant will speak through. Shows
 * the QR code in the terminal (and saves it as a PNG whose path it prints), waits for the scan in
 * the Zalo app, and stores the credentials (cookies, imei, user agent) in ZALO_CREDENTIALS_FILE,
 * readable only by its owner and encrypted when ZALO_CREDENTIALS_KEY is set. `npm start` then logs
 * in from them. Using a personal account through an unofficial client can get it banned: see the
 * README.
 */
import { join } from "node:path";
import { LoginQRCallbackEventType } from "zca-js";
import { loadConfig, loadDotEnv } from "../config.ts";
import { exitOnConfigError } from "../exit-on-config-error.ts";
import { CredentialStore } from "../channels/zalo/credential-store.ts";
import { createZalo } from "../channels/zalo/zca-connector.ts";
import { qrMatrixFromPng, qrToText } from "../channels/zalo/qr-to-terminal.ts";

loadDotEnv();
const config = exitOnConfigError(() => loadConfig());
const store = new CredentialStore(config.zalo.credentialsFile, config.zalo.credentialsKey ?? undefined);
const qrPath = join(config.dataDir, "zalo-login-qr.png");
const userAgent =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

console.log("Liên kết tài khoản Zalo: mở ứng dụng Zalo trên điện thoại → Quét mã QR, rồi xác nhận đăng nhập.\n");
try {
  await createZalo().loginQR({ userAgent, qrPath }, async (event) => {
    switch (event.type) {
      case LoginQRCallbackEventType.QRCodeGenerated: {
        await event.actions.saveToFile(qrPath);
        const matrix = qrMatrixFromPng(Buffer.from(event.data.image.replace(/^data:image\/png;base64,/, ""), "base64"));
        if (matrix) console.log(`${qrToText(matrix)}\n`);
        console.log(`Mã QR cũng được lưu tại: ${qrPath}`);
        break;
      }
      case LoginQRCallbackEventType.QRCodeExpired:
        console.log("Mã QR đã hết hạn, đang tạo mã mới…");
        event.actions.retry();
        break;
      case LoginQRCallbackEventType.QRCodeScanned:
        console.log(`Đã quét bởi ${event.data.display_name}. Vui lòng xác nhận trên điện thoại.`);
        break;
      case LoginQRCallbackEventType.QRCodeDeclined:
        console.log("Đăng nhập bị từ chối trên điện thoại.");
        event.actions.abort();
        break;
      case LoginQRCallbackEventType.GotLoginInfo:
        await store.save({ imei: event.data.imei, cookie: event.data.cookie, userAgent: event.data.userAgent });
        console.log(`Đã lưu thông tin đăng nhập vào ${store.path} (chỉ chủ sở hữu đọc được${config.zalo.credentialsKey ? ", đã mã hóa" : ""}).`);
        break;
    }
  });
  console.log("Xong. Đặt ZALO_ENABLED=true rồi chạy npm start.");
  process.exit(0);
} catch (err) {
  console.error(`Không đăng nhập được: ${(err as Error).message}`);
  process.exit(1);
}
