package org.greenhouse.testing;

import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;

/**
 * GreenMail as the app's SMTP server for alerts, with a login, reached through a {@link TcpProxy} so a test
 * can take the mail server away ({@link #proxy()}{@code .cut()}) and give it back.
 */
public class MailStub implements QuarkusTestResourceLifecycleManager {

    public static final String FROM = "greenhouse@alerts.test";
    public static final String TO = "oncall@alerts.test";
    private static final String USER = "greenhouse";
    private static final String PASSWORD = "s3cret;&=)";

    private static volatile GreenMail mail;
    private static volatile TcpProxy proxy;

    @Override
    public Map<String, String> start() {
        try {
            mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
                    .withConfiguration(GreenMailConfiguration.aConfig().withUser(FROM, USER, PASSWORD));
            mail.start();
            proxy = new TcpProxy("127.0.0.1", mail.getSmtp().getPort());
            return Map.of("greenhouse.alerts.mail.host", "127.0.0.1",
                    "greenhouse.alerts.mail.port", String.valueOf(proxy.port()),
                    "greenhouse.alerts.mail.from", FROM,
                    "greenhouse.alerts.mail.to", TO,
                    "greenhouse.alerts.mail.username", USER,
                    "greenhouse.alerts.mail.password", PASSWORD,
                    // GreenMail's plain SMTP has no STARTTLS
                    "greenhouse.alerts.mail.starttls", "false");
        } catch (Exception e) {
            throw new IllegalStateException("GreenMail did not start", e);
        }
    }

    @Override
    public void stop() {
        try {
            proxy.close();
        } catch (Exception ignored) {
            // stopping anyway
        }
        mail.stop();
    }

    public static TcpProxy proxy() {
        return proxy;
    }

    /** Every mail received so far, in order. */
    public static List<MimeMessage> received() {
        return List.of(mail.getReceivedMessages());
    }

    public static void clear() throws Exception {
        mail.purgeEmailFromAllMailboxes();
    }
}
