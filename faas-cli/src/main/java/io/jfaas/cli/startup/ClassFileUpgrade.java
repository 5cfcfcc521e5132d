package io.jfaas.cli.startup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * {@code ClassFileUpgrade JAR...}: rewrites, in place, the classes of these jars that are older than Java 6's class
 * file format as Java 8 class files, with the stack maps the newer verifier needs (computed by ASM). The JVM keeps no
 * such old class in a start-up cache (it must verify them again on every start), and picocli's are; the code itself
 * is unchanged. Classes already new enough are copied as they are, so running it twice changes nothing.
 */
public final class ClassFileUpgrade {

    /** Java 6's class file version: the first the JVM can verify ahead of time. */
    private static final int FIRST_CACHEABLE = Opcodes.V1_6;

    private ClassFileUpgrade() {
    }

    public static void main(String[] args) throws IOException {
        for (String jar : args) {
            int upgraded = upgrade(Path.of(jar));
            System.out.println("class files upgraded in " + jar + ": " + upgraded);
        }
    }

    /** Rewrites one jar; returns how many classes were upgraded. */
    static int upgrade(Path jar) throws IOException {
        Path temporary = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (InputStream file = Files.newInputStream(jar); ZipInputStream in = new ZipInputStream(file);
             OutputStream target = Files.newOutputStream(temporary); ZipOutputStream out = new ZipOutputStream(target)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().endsWith(".class") && majorVersion(bytes) < (FIRST_CACHEABLE & 0xFFFF)) {
                    bytes = upgrade(bytes);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(temporary, jar, StandardCopyOption.REPLACE_EXISTING);
        return upgraded;
    }

    private static int majorVersion(byte[] classFile) {
        return classFile.length < 8 ? Integer.MAX_VALUE : ((classFile[6] & 0xFF) << 8) | (classFile[7] & 0xFF);
    }

    private static byte[] upgrade(byte[] classFile) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
